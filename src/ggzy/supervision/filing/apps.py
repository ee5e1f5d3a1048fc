from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "ggzy.supervision.filing"
    label = "filing"
    verbose_name = "备案审核"
    default_auto_field = "django.db.models.BigAutoField"
