from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "ggzy.trading.tendering"
    label = "tendering"
    verbose_name = "招标投标"
    default_auto_field = "django.db.models.BigAutoField"
