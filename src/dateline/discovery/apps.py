from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """How readers and machines find stories: search, feeds, sitemaps, structured data,
    archives."""

    name = "dateline.discovery"
    label = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        from dateline.discovery import appearances, sitemap_counts
        from dateline.discovery.related import signal_handlers as related_news
        from dateline.discovery.search import signal_handlers as search_index
        from dateline.news import sockets

        search_index.register()
        related_news.register()
        sitemap_counts.register()
        sockets.story_appearances.plug(appearances.story_listings)
        sockets.similar_stories.plug(appearances.similar_stories)
        # Feed links, link-preview tags and structured data; Search and Archive links.
        sockets.slots["head"].plug("discovery/slots/head.html")
        sockets.slots["masthead_links"].plug("discovery/slots/masthead_links.html")
        sockets.slots["footer_links"].plug("discovery/slots/footer_links.html")
        # A search box on the "page not found" page, filled with the words of the address.
        sockets.slots["not_found"].plug("discovery/slots/not_found.html")
