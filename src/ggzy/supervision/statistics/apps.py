from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "ggzy.supervision.statistics"
    label = "statistics"
    verbose_name = "统计分析"
    default_auto_field = "django.db.models.BigAutoField"
