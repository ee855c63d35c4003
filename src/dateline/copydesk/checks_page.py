"""The admin's list of the copy desk's checks: what each catches and the languages it reads."""

import sys

from django.conf import settings
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from dateline.copydesk.registry import configured_checks, languages_of


def described(check):
    """(name, what it catches, the languages it reads) for one configured check."""
    module = sys.modules[check.__module__]
    summary = (module.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    known = languages_of(check)
    languages = ", ".join(language_name(code) for code in known) if known else \
        _("every language (it reads no words)")
    return getattr(module, "NAME", check.__name__), summary, languages


def language_name(code):
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


class CopydeskChecksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "copydesk/checks.html"
    page_title = gettext_lazy("Copy desk checks")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        # Wagtail's header names the last crumb: without this one it read "Home".
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            checks=[described(check) for check in configured_checks()],
            headline_limit=settings.COPYDESK_HEADLINE_MAX_LENGTH, **kwargs)
