from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "ggzy.hub.experts"
    label = "experts"
    verbose_name = "评标专家"
    default_auto_field = "django.db.models.BigAutoField"
