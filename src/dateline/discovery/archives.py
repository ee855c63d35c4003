"""Date archives: /archive/2024/, /archive/2024/3/, /archive/2024/3/9/.

A period runs from local midnight to local midnight in the site's time zone, which
``SiteTimeZoneMiddleware`` has activated for the request, so a story filed at 00:30 local
time belongs to the day the reader's calendar shows. Years, months and days are those of the
active language's calendar (``news.calendars``): the Persian edition's archive goes by Solar
Hijri years and months, /fa/archive/1405/9/ for Azar 1405.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from dateline.news import cache_keys, calendars, dates
from dateline.news.models import ArticlePage
from dateline.news.pagination import paginate
from dateline.news.translations import edition_front_page

YEAR, MONTH, DAY = "year", "month", "day"
# How each period is named on its page, through the one date formatter.
LABEL_STYLES = {YEAR: "year", MONTH: "month", DAY: "date"}


@dataclass(frozen=True)
class Period:
    """A year, month or day of a calendar, named by its first day (a Gregorian date)."""

    kind: str
    first_day: datetime.date
    calendar: calendars.Gregorian = calendars.GREGORIAN

    @classmethod
    def from_url(cls, year, month=None, day=None):
        """The period a URL names in the active calendar; an impossible date (30 February,
        31 Esfand, year 0) is a 404."""
        kind = DAY if day is not None else MONTH if month is not None else YEAR
        calendar = calendars.active()
        try:
            period = cls(kind, calendar.date(year, 1 if month is None else month,
                                             1 if day is None else day), calendar)
            # Local midnight on 1 January of year 1 can fall before the UTC calendar begins.
            period.bounds()[0].astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise Http404("No such date") from None
        return period

    @classmethod
    def containing(cls, kind, moment, calendar=None):
        """The period of this kind that holds a moment, on the local calendar."""
        calendar = calendar or calendars.active()
        day = timezone.localtime(moment).date()
        year, month, _day = calendar.parts(day)
        if kind == YEAR:
            return cls(kind, calendar.date(year, 1, 1), calendar)
        if kind == MONTH:
            return cls(kind, calendar.date(year, month, 1), calendar)
        return cls(kind, day, calendar)

    def following_day(self):
        """The first day after the period, or None past the end of the calendar."""
        year, month, _day = self.calendar.parts(self.first_day)
        try:
            if self.kind == YEAR:
                return self.calendar.date(year + 1, 1, 1)
            if self.kind == MONTH:
                return self.calendar.date(year + month // 12, month % 12 + 1, 1)
            return self.first_day + datetime.timedelta(days=1)
        except (ValueError, OverflowError):
            return None

    def bounds(self):
        """Local midnight at the start, and at the start of the next period (or None)."""
        zone = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.first_day, datetime.time(), zone)
        following = self.following_day()
        end = datetime.datetime.combine(following, datetime.time(), zone) if following else None
        return start, end

    def label(self):
        return dates.format_date(self.first_day, LABEL_STYLES[self.kind])

    def url_parts(self):
        year, month, day = self.calendar.parts(self.first_day)
        return {YEAR: [year], MONTH: [year, month], DAY: [year, month, day]}[self.kind]

    def url(self):
        return reverse(f"discovery:archive_{self.kind}", args=self.url_parts())

    def cache_key(self):
        """Solar Hijri periods have keys of their own: 1405 is a Gregorian year too."""
        key = cache_keys.archive_key(*self.url_parts())
        return key if self.calendar is calendars.GREGORIAN else f"{key}-{self.calendar.name}"


def periods_of_day(day, calendar):
    """The year, month and day periods holding a day."""
    year, month, _day = calendar.parts(day)
    return [Period(YEAR, calendar.date(year, 1, 1), calendar),
            Period(MONTH, calendar.date(year, month, 1), calendar), Period(DAY, day, calendar)]


def site_articles(request):
    """The published articles of the site the request is for."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host")
    return ArticlePage.objects.readable().descendant_of(edition_front_page(site))


def canonical_period_url(request, period):
    """On the site's own host, like the canonical URLs of its pages."""
    return Site.find_for_request(request).root_url + period.url()


def neighbours(articles, period):
    """The nearest earlier and later periods that have stories, so no link leads nowhere."""
    start, end = period.bounds()
    earlier = articles.filter(published_at__lt=start).order_by("-published_at")
    earlier = earlier.values_list("published_at", flat=True).first()
    later = None
    if end is not None:
        later = articles.filter(published_at__gte=end).order_by("published_at")
        later = later.values_list("published_at", flat=True).first()
    return (
        Period.containing(period.kind, earlier, period.calendar) if earlier else None,
        Period.containing(period.kind, later, period.calendar) if later else None,
    )


def months_with_stories(stories, year):
    """Each month of the year that has stories, with how many: one aggregate query."""
    if year.calendar is not calendars.GREGORIAN:
        return months_of_another_calendar(stories, year)
    rows = (
        stories.order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(stories=Count("pk"))
        .order_by("month")
    )
    return [(Period.containing(MONTH, row["month"], year.calendar), row["stories"])
            for row in rows]


def within(period):
    start, end = period.bounds()
    return Q(published_at__gte=start) & (Q(published_at__lt=end) if end else Q())


def months_of_another_calendar(stories, year):
    """The database truncates to Gregorian months only, so each story is given the number of
    its month by the local-midnight bounds of the calendar's twelve months, in one query."""
    months = []
    start = year.first_day
    while start is not None and len(months) < 12:
        month = Period(MONTH, start, year.calendar)
        months.append(month)
        start = month.following_day()
    numbered = Case(*(When(within(month), then=Value(number))
                      for number, month in enumerate(months)), output_field=IntegerField())
    rows = (stories.order_by().annotate(month=numbered).values("month")
            .annotate(stories=Count("pk")).order_by("month"))
    return [(months[row["month"]], row["stories"]) for row in rows if row["month"] is not None]


def archive(request, year, month=None, day=None):
    period = Period.from_url(year, month, day)
    articles = site_articles(request)
    stories = articles.published_between(*period.bounds())
    earlier, later = neighbours(articles, period)
    context = {
        "page": None,  # not a Wagtail page: base.html's <head> tags take None for that
        "period": period,
        "articles": paginate(request, stories.for_listing().newest_first()),
        "earlier": earlier,
        "later": later,
        "months": months_with_stories(stories, period) if period.kind == YEAR else [],
        "canonical_url": canonical_period_url(request, period),
    }
    return cache_keys.mark(render(request, "discovery/archive.html", context),
                           {period.cache_key(),
                            *cache_keys.story_keys(context["articles"])})
