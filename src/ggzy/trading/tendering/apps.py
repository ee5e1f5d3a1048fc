from django.apps import AppConfig


class TenderingConfig(AppConfig):
    name = "ggzy.trading.tendering"
    label = "tendering"
    verbose_name = "招标投标"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # local import: AppConfig.ready registration (the providers import models; registries kept with them)
        from ggzy.hub.archives.sources import register_archive_provider
        from ggzy.hub.experts.sections import register_section_facts_provider
        from ggzy.hub.venues.references import register_reference_provider

        from .archive_facts import SectionArchiveProvider
        from .draw_facts import section_facts
        from .venue_facts import reference_facts

        register_section_facts_provider(section_facts)
        register_archive_provider(SectionArchiveProvider())
        register_reference_provider("tendering", reference_facts)
