from django.apps import AppConfig


class VenuesConfig(AppConfig):
    name = "ggzy.hub.venues"
    label = "venues"
    verbose_name = "场所与现场见证"
    default_auto_field = "django.db.models.BigAutoField"
