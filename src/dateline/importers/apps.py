from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportersConfig(AppConfig):
    """Moving in: WordPress exports, feeds and single article pages become Dateline content."""

    name = "dateline.importers"
    label = "importers"
    verbose_name = _("Importers")

    def ready(self):
        from dateline.news import sockets

        sockets.slots["after_story"].plug("importers/archived_comments.html")
