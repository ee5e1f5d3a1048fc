from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "ggzy.supervision.exchange"
    label = "exchange"
    verbose_name = "数据交换"
    default_auto_field = "django.db.models.BigAutoField"
