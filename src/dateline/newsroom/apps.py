from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """How the newsroom runs the site day to day: roles, the review workflow, the breaking-news
    banner."""

    name = "dateline.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from dateline.news import sockets
        from dateline.newsroom import signal_handlers

        signal_handlers.register()
        sockets.slots["banner"].plug("newsroom/slots/banner.html")
