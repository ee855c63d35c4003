from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "dateline.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from dateline.news import appearances, freshness, publishing, signal_handlers, sockets

        publishing.pipeline.listen()
        signal_handlers.register()
        sockets.story_appearances.plug(appearances.story_pages)
        sockets.clock.plug(freshness.next_midnight)
        sockets.clock.plug(freshness.next_story_moment)
