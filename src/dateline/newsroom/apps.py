from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """How the newsroom runs the site day to day: roles, the review workflow, the breaking-news
    banner, the admin's date-time fields in the editor's zone."""

    name = "dateline.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from django.db.models import DateTimeField

        from wagtail.admin.forms.models import register_form_field_override

        from dateline.news import sockets
        from dateline.newsroom import signal_handlers
        from dateline.newsroom.widgets import ZonedDateTimeInput

        signal_handlers.register()
        register_form_field_override(DateTimeField, override={"widget": ZonedDateTimeInput})
        sockets.slots["banner"].plug("newsroom/slots/banner.html")
