from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    """Newsletters: lists readers sign up to with double opt-in, issues composed from the day's
    journalism, and the links in every mail that let a reader leave with one click."""

    name = "dateline.newsletters"
    label = "newsletters"
    verbose_name = _("Newsletters")

    def ready(self):
        from dateline.news import sockets
        from dateline.newsletters import signal_handlers

        signal_handlers.register()
        # The sign-up box, on the front page and beside every story.
        sockets.slots["aside"].plug("newsletters/slots/aside.html", position=200)
