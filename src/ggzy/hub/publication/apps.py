from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "ggzy.hub.publication"
    label = "publication"
    verbose_name = "信息发布"
    default_auto_field = "django.db.models.BigAutoField"
