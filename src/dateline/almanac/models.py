import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from dateline.news import cache_keys, calendars, dates, translations
from dateline.news.models import ArticlePage
from dateline.news.models.querysets import OwnTablePageManager, newest_ids_of_each
from dateline.news.models.routing import ServedFromPath
from dateline.news.slugs import SluggedPageForm

ARCHIVE_STORIES_PER_DAY = 10
EXCERPT_LENGTH = 90
CALENDAR_CHOICES = [(calendars.GREGORIAN.name, _("Gregorian")),
                    (calendars.SOLAR_HIJRI.name, _("Solar Hijri"))]


def calendar_day(month, day, calendar=calendars.GREGORIAN):
    """The (month, day) of the calendar as a date in one of its leap years, or None when the
    calendar has no such day."""
    return calendar.calendar_day(month, day)


class AlmanacEntryQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approved=True)

    def of_edition(self, language):
        """The entries an edition's editors wrote for it (each edition has its own, in its
        own language); an entry in another edition is its translation, never shown here."""
        return self.filter(locale_id=translations.locale_id(language))

    def on_days(self, days, calendar=calendars.GREGORIAN):
        """Entries fixed on these (month, day)s of the calendar."""
        condition = models.Q(pk__in=[])
        for month, day in days:
            condition |= models.Q(month=month, day=day)
        return self.filter(condition, calendar=calendar.name)

    def on_date(self, date, calendar):
        """The entries of a real date: those fixed on its day in ``calendar`` and those fixed
        in another calendar on the day the date is there (22 Bahman is 11 February in 2027)."""
        year, month, day = calendar.parts(date)
        condition = models.Q(calendar=calendar.name, month=month, day=day)
        for other in calendars.BY_NAME.values():
            if other is not calendar:
                _year, other_month, other_day = other.parts(date)
                condition |= models.Q(calendar=other.name, month=other_month, day=other_day)
        return self.filter(condition)

    def chronological(self):
        return self.order_by(models.F("year").asc(nulls_first=True), "pk")


class AlmanacEntry(TranslatableMixin, index.Indexed, models.Model):
    """One dated event for On This Day, in one edition (its locale); shown to readers only
    once an editor approves it."""

    calendar = models.CharField(
        _("calendar"), max_length=16, choices=CALENDAR_CHOICES, default=calendars.GREGORIAN.name,
        help_text=_("The calendar the day is fixed in: 22 Bahman is a Solar Hijri day, "
                    "25 December a Gregorian one."),
    )
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    year = models.IntegerField(
        _("year"), null=True, blank=True,
        help_text=_("In the entry's calendar. Leave empty for a recurring observance."),
    )
    text = models.TextField(_("text"), max_length=600)
    link = models.URLField(_("link"), blank=True)
    approved = models.BooleanField(
        _("approved"), default=False,
        help_text=_("Only approved entries appear on the site; check the facts first."),
    )

    objects = AlmanacEntryQuerySet.as_manager()

    # The edit form's panels are the admin's (``wagtail_hooks.AlmanacEntryViewSet``).
    search_fields = [index.SearchField("text"), index.FilterField("approved"),
                     index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("almanac entry")
        verbose_name_plural = _("almanac entries")
        ordering = ["calendar", "month", "day", "year"]
        indexes = [models.Index(fields=["month", "day"], name="almanac_entry_day_idx")]

    def __str__(self):
        return f"{self.when()}: {self.excerpt()}"

    def copy_for_translation(self, locale, exclude_fields=None):
        """A translation waits for an editor to approve it: its text is still the original's."""
        copy = super().copy_for_translation(locale, exclude_fields=exclude_fields)
        copy.approved = False
        return copy

    def entry_calendar(self):
        return calendars.BY_NAME.get(self.calendar, calendars.GREGORIAN)

    def when(self):
        """The day as the editor recorded it, in its own calendar: "22 Bahman 1357"."""
        calendar = self.entry_calendar()
        day_month = calendar.calendar_day(self.month, self.day)
        if day_month is None:
            return f"{self.month}/{self.day}"
        when = calendar.format(day_month, dates.pattern("day"))
        return f"{when} {calendar.numerals(self.year)}" if self.year is not None else when

    def event_date(self):
        """The date the event happened, when the entry has a year; None otherwise."""
        if self.year is None:
            return None
        try:
            return self.entry_calendar().date(self.year, self.month, self.day)
        except (ValueError, OverflowError):
            return None

    def year_in(self, calendar):
        """The event's year in another calendar (1979 is 1357 or 1358 in the Solar Hijri one),
        so each edition shows years in its own calendar."""
        event = self.event_date()
        return self.year if event is None else calendar.parts(event)[0]

    def excerpt(self, length=EXCERPT_LENGTH):
        """The text, cut after a whole word when longer than ``length``."""
        text = " ".join(self.text.split())
        if len(text) <= length:
            return text
        return text[:length + 1].rsplit(" ", 1)[0].rstrip(",;:-–—") + "…"

    excerpt.short_description = _("Entry")

    def clean(self):
        if self.entry_calendar().calendar_day(self.month, self.day) is None:
            raise ValidationError({"day": _("There is no such day in that month.")})


def on_this_day(month, day, *, before_year, include_leap_day=False,
                archive_limit=ARCHIVE_STORIES_PER_DAY, calendar=calendars.GREGORIAN,
                language=None):
    """What an edition's almanac shows for a day of its calendar: its approved entries, and
    its own stories from that day in years before ``before_year``.

    Each edition (``language``, the active one by default) shows only its own entries and
    stories: the English edition's in English, the Persian edition's in Persian. Its entries
    are those fixed on the day in this calendar, and those its editors fixed in the other
    calendar on the day it is in ``before_year`` (22 Bahman is 11 February in 2027).
    ``include_leap_day`` adds the leap day (29 February, 30 Esfand) to the day before it, for
    years without one.
    """
    days = calendar.days_shown(month, day, include_leap_day=include_leap_day)
    own = AlmanacEntry.objects.approved().of_edition(language)
    entries = own.on_days(days, calendar)
    try:
        this_year = calendar.date(before_year, month, day)
    except (ValueError, OverflowError):
        this_year = None  # 30 Esfand or 29 February of a common year
    if this_year is not None:
        entries = entries | own.on_date(this_year, calendar)
    # Oldest event first, entries without a year before them: years of the two calendars are
    # compared as dates.
    entries = sorted(entries.chronological(),
                     key=lambda entry: (entry.event_date() is not None,
                                        entry.event_date() or datetime.date.min))
    # The newest stories of each year's day in one query, each read from the publication-time
    # index; ordering all the years' days together made the database walk the index back from
    # the newest one, through every story published since.
    years = ArticlePage.objects.readable().in_edition(language).on_day_by_year(
        month, day, include_leap_day=include_leap_day, before_year=before_year,
        calendar=calendar)
    ids = [pk for year in newest_ids_of_each(years, archive_limit) for pk in year][:archive_limit]
    found = ArticlePage.objects.for_listing().in_bulk(ids) if ids else {}
    stories = [found[pk] for pk in ids if pk in found]
    for entry in entries:
        year = entry.year_in(calendar)
        entry.shown_year = None if year is None else calendar.numerals(year)
    return {"day": calendar.calendar_day(month, day), "entries": entries, "stories": stories}


def on_this_day_for(date, calendar=None, **kwargs):
    """The almanac for a real date, e.g. today in the site's time zone, in the active
    language's calendar unless another is given."""
    calendar = calendar or calendars.active()
    year, month, day = calendar.parts(date)
    return on_this_day(
        month, day, before_year=year, include_leap_day=not calendar.is_leap(year),
        calendar=calendar, **kwargs,
    )


class OnThisDayPage(ServedFromPath, RoutablePageMixin, Page):
    """/on-this-day/ and a page for every day of the year: /on-this-day/<month>/<day>/, in the
    calendar of the page's language (the Persian edition's are Solar Hijri days)."""

    base_form_class = SluggedPageForm

    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count = 1

    objects = OwnTablePageManager()

    class Meta:
        verbose_name = _("On This Day page")
        verbose_name_plural = _("On This Day pages")

    def cache_keys(self, context):
        """The page, the day it shows and the stories it lists."""
        keys = super().cache_keys(context) | cache_keys.story_keys(context.get("stories", ()))
        if "day" in context:
            calendar = calendars.active()
            keys.add(almanac_key(*calendar.parts(context["day"])[1:], calendar))
        return keys

    def day_url(self, month, day):
        return self.url + self.reverse_subpage("day", args=(month, day))

    def render_day(self, request, month, day):
        calendar = calendars.active()
        today = dates.today()
        this_year, *today_in_calendar = calendar.parts(today)
        is_today = (month, day) == tuple(today_in_calendar)
        if is_today:
            shown = on_this_day_for(today, calendar)
        else:
            shown = on_this_day(month, day, before_year=this_year, calendar=calendar)
        previous_day, next_day = neighbouring_days(month, day, calendar)
        return self.render(
            request,
            context_overrides={
                **shown,
                "is_today": is_today,
                "previous_day": previous_day,
                "previous_url": self.day_url(*calendar.parts(previous_day)[1:]),
                "next_day": next_day,
                "next_url": self.day_url(*calendar.parts(next_day)[1:]),
            },
        )

    @path("")
    def today(self, request):
        _year, month, day = calendars.active().parts(dates.today())
        return self.render_day(request, month, day)

    @path("<int:month>/<int:day>/", name="day")
    def day(self, request, month, day):
        if calendars.active().calendar_day(month, day) is None:
            raise Http404("No such calendar day")
        return self.render_day(request, month, day)


def neighbouring_days(month, day, calendar):
    """The days before and after, as dates of the calendar's leap year, so 29 February and
    30 Esfand are never skipped; the day before 1 Farvardin is 30 Esfand, the leap year's last."""
    shown_day = calendar.calendar_day(month, day)
    if (month, day) == (1, 1):
        previous_day = calendar.calendar_day(12, calendar.days_in_month(calendar.a_leap_year, 12))
    else:
        previous_day = shown_day - datetime.timedelta(days=1)
    return previous_day, shown_day + datetime.timedelta(days=1)


def almanac_key(month, day, calendar):
    """The edge-cache key of a day's almanac page; the Solar Hijri pages have their own."""
    key = cache_keys.almanac_key(month, day)
    return key if calendar is calendars.GREGORIAN else f"{key}-{calendar.name}"
