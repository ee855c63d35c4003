import django_filters

from django import forms
from django.db.models import F
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from dateline.almanac.models import CALENDAR_CHOICES, AlmanacEntry
from dateline.news.calendars import PERSIAN_MONTHS, SOLAR_HIJRI

# The form's months name both calendars' months: the entry's calendar says which counts.
BOTH_CALENDARS_MONTHS = [(number, f"{number}: {name} / {PERSIAN_MONTHS[number - 1]}")
                         for number, name in MONTHS.items()]


def month_name(entry):
    if entry.calendar == SOLAR_HIJRI.name:
        return PERSIAN_MONTHS[entry.month - 1] if 1 <= entry.month <= 12 else entry.month
    return MONTHS.get(entry.month)


class AlmanacEntryFilterSet(WagtailFilterSet):
    calendar = django_filters.ChoiceFilter(label=_("Calendar"), choices=CALENDAR_CHOICES,
                                           empty_label=_("Both calendars"))
    month = django_filters.ChoiceFilter(label=_("Month"), choices=BOTH_CALENDARS_MONTHS,
                                        empty_label=_("All months"))
    approved = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("Any"),
        choices=[("true", _("Approved")), ("false", _("Awaiting approval"))],
        method="by_approval",
    )

    class Meta:
        model = AlmanacEntry
        fields = ["calendar", "month", "approved"]

    def by_approval(self, queryset, name, value):
        return queryset.filter(approved=value == "true")


class AlmanacIndexView(IndexView):
    def order_queryset(self, queryset):
        # Entries of one day in year order, whatever column the listing is sorted by.
        ordered = super().order_queryset(queryset)
        return ordered.order_by(self.ordering, "year", "pk") if self.ordering else ordered


class AlmanacEntryViewSet(SnippetViewSet):
    model = AlmanacEntry
    index_view_class = AlmanacIndexView
    icon = "date"
    menu_label = _("On This Day")
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "excerpt",
        Column("day", label=_("Day"), sort_key="calendar_position", width="8%"),
        Column("month", label=_("Month"), accessor=month_name,
               sort_key="calendar_position", width="12%"),
        Column("year", label=_("Year"), sort_key="year", width="8%"),
        Column("calendar", label=_("Calendar"), accessor="get_calendar_display",
               sort_key="calendar", width="10%"),
        Column("approved", label=_("Status"), sort_key="approved", width="16%",
               accessor=lambda entry: _("Approved") if entry.approved
               else _("Awaiting approval")),
    ]
    filterset_class = AlmanacEntryFilterSet
    search_fields = ["text"]
    ordering = "calendar_position"
    panels = [
        FieldPanel("calendar", widget=forms.RadioSelect(choices=CALENDAR_CHOICES)),
        FieldRowPanel([
            FieldPanel("month", widget=forms.Select(choices=BOTH_CALENDARS_MONTHS)),
            FieldPanel("day"),
            FieldPanel("year"),
        ]),
        FieldPanel("text"),
        FieldPanel("link"),
        FieldPanel("approved"),
    ]

    def get_queryset(self, request):
        # The day of the year as one number, so the listing sorts by date.
        return AlmanacEntry.objects.annotate(calendar_position=F("month") * 100 + F("day"))


register_snippet(AlmanacEntryViewSet)
