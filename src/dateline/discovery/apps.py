from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """How readers and machines find stories: search, feeds, sitemaps, structured data,
    archives."""

    name = "dateline.discovery"
    label = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        from dateline.discovery.search import signal_handlers

        signal_handlers.register()
