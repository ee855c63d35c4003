from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """What readers read: views counted where the page cache serves them, without cookies or
    anything personal, and the Most read box."""

    name = "dateline.readership"
    label = "readership"
    verbose_name = _("Readership")

    def ready(self):
        from dateline.news import sockets
        from dateline.readership import most_read

        # First in the side column after news' own boxes: what readers read now.
        sockets.slots["aside"].plug("readership/slots/aside.html", position=50)
        # A story taken down while it is in the box must leave every page the box is on.
        sockets.story_appearances.plug(most_read.box_appearance)
