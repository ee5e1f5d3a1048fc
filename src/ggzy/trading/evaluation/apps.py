from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ggzy.trading.evaluation"
    label = "evaluation"
    verbose_name = "评标"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # local import: AppConfig.ready registration (the contributor imports models)
        from ggzy.hub.archives.sources import register_payload_contributor

        from .archive_payload import report_signatures_payload

        register_payload_contributor(report_signatures_payload)
