from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Source documents and the ingest pipeline"

    def ready(self):
        # Each domain app's ``pipeline`` module registers its parsers, fixture builders,
        # change-feed parts and load hooks (sources.registry): sources never imports them.
        autodiscover_modules("pipeline")
