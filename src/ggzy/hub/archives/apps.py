from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "ggzy.hub.archives"
    label = "archives"
    verbose_name = "电子档案"
    default_auto_field = "django.db.models.BigAutoField"
