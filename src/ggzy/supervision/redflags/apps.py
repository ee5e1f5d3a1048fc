from django.apps import AppConfig


class RedflagsConfig(AppConfig):
    name = "ggzy.supervision.redflags"
    label = "redflags"
    verbose_name = "围标串标预警"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # local import: the scan queue's models cannot be imported before the app registry is ready
        from ggzy.hub.venues.signals import witness_anomaly_recorded
        from ggzy.supervision.exchange.signals import releases_ingested

        from .scanning import queue_ingested
        from .services import on_witness_anomaly

        releases_ingested.connect(queue_ingested, dispatch_uid="redflags.queue_ingested")
        witness_anomaly_recorded.connect(on_witness_anomaly, dispatch_uid="redflags.witness_anomaly")
