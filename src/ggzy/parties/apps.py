from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "ggzy.parties"
    label = "parties"
    verbose_name = "市场主体与账户"
    default_auto_field = "django.db.models.BigAutoField"
