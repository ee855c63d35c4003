from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailroomConfig(AppConfig):
    """The site's outgoing mail: letters with a plain-text and an HTML part, sent through one
    connection to the mail server that ``DATELINE_EMAIL_URL`` names."""

    name = "dateline.mailroom"
    label = "mailroom"
    verbose_name = _("Mailroom")
