from django.apps import AppConfig


class RedflagsConfig(AppConfig):
    name = "ggzy.supervision.redflags"
    label = "redflags"
    verbose_name = "围标串标预警"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # local import: the scan queue's models cannot be imported before the app registry is ready
        from ggzy.supervision.exchange.signals import releases_ingested

        from .scanning import queue_ingested

        releases_ingested.connect(queue_ingested, dispatch_uid="redflags.queue_ingested")
