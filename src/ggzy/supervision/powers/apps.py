from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "ggzy.supervision.powers"
    label = "powers"
    verbose_name = "权责清单"
    default_auto_field = "django.db.models.BigAutoField"
