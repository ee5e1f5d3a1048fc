from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ggzy.trading.evaluation"
    label = "evaluation"
    verbose_name = "评标"
    default_auto_field = "django.db.models.BigAutoField"
