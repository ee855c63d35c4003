from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "dateline.news"
    label = "news"
    verbose_name = _("News")

    def ready(self):
        from dateline.news import freshness, publishing, signal_handlers

        publishing.pipeline.listen()
        signal_handlers.register()
        freshness.register(freshness.next_midnight)
        freshness.register(freshness.next_story_moment)
