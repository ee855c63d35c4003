from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.almanac.models import AlmanacEntry


class AlmanacEntryViewSet(SnippetViewSet):
    model = AlmanacEntry
    icon = "date"
    menu_label = _("On This Day")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["__str__", "year", "approved"]
    list_filter = ["approved", "month"]
    search_fields = ["text"]
    ordering = ["month", "day", "year"]


register_snippet(AlmanacEntryViewSet)
