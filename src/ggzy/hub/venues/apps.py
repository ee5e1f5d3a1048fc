from django.apps import AppConfig


class VenuesConfig(AppConfig):
    name = "ggzy.hub.venues"
    label = "venues"
    verbose_name = "场所与现场见证"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # local import: models cannot be imported before the app registry is ready
        from ggzy.hub.archives.sources import register_payload_contributor

        from .archive_payload import witness_payload

        register_payload_contributor(witness_payload)
