from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ggzy.portal"
    label = "portal"
    verbose_name = "一网门户"
    default_auto_field = "django.db.models.BigAutoField"
