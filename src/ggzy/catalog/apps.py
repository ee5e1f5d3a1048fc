from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "ggzy.catalog"
    label = "catalog"
    verbose_name = "公共资源交易目录"
    default_auto_field = "django.db.models.BigAutoField"
