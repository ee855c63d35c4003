from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoundingConfig(AppConfig):
    """A newsroom's first day: `dateline new_site` builds an empty newsroom, and the admin's
    first-run checklist says what is left to set up."""

    name = "dateline.founding"
    label = "founding"
    verbose_name = _("Founding")
