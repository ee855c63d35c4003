from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlmanacConfig(AppConfig):
    name = "dateline.almanac"
    label = "almanac"
    verbose_name = _("On This Day")

    def ready(self):
        from dateline.almanac import appearances, signal_handlers
        from dateline.news import sockets

        signal_handlers.register()
        sockets.story_appearances.plug(appearances.story_days_pages)
        # Today's On This Day box, beside the front page's and each story's other boxes.
        sockets.slots["aside"].plug("almanac/slots/aside.html")
