from django.apps import AppConfig


class RedflagsConfig(AppConfig):
    name = "ggzy.supervision.redflags"
    label = "redflags"
    verbose_name = "围标串标预警"
    default_auto_field = "django.db.models.BigAutoField"
