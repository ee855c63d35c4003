"""Date archives: /archive/2024/, /archive/2024/3/, /archive/2024/3/9/.

A period runs from local midnight to local midnight in the site's time zone, which
``SiteTimeZoneMiddleware`` has activated for the request, so a story filed at 00:30 local
time belongs to the day the reader's calendar shows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from dateline.news import cache_keys, dates
from dateline.news.models import ArticlePage
from dateline.news.pagination import paginate
from dateline.news.translations import edition_front_page

YEAR, MONTH, DAY = "year", "month", "day"
# How each period is named on its page, through the one date formatter.
LABEL_STYLES = {YEAR: "year", MONTH: "month", DAY: "date"}


@dataclass(frozen=True)
class Period:
    """A calendar year, month or day, named by its first day."""

    kind: str
    first_day: datetime.date

    @classmethod
    def from_url(cls, year, month=None, day=None):
        """The period a URL names; an impossible date (30 February, year 0) is a 404."""
        kind = DAY if day is not None else MONTH if month is not None else YEAR
        try:
            period = cls(kind, datetime.date(year, 1 if month is None else month,
                                             1 if day is None else day))
            # Local midnight on 1 January of year 1 can fall before the UTC calendar begins.
            period.bounds()[0].astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            raise Http404("No such date") from None
        return period

    @classmethod
    def containing(cls, kind, moment):
        """The period of this kind that holds a moment, on the local calendar."""
        day = timezone.localtime(moment).date()
        if kind == YEAR:
            return cls(kind, day.replace(month=1, day=1))
        if kind == MONTH:
            return cls(kind, day.replace(day=1))
        return cls(kind, day)

    def following_day(self):
        """The first day after the period, or None past the end of the calendar."""
        day = self.first_day
        try:
            if self.kind == YEAR:
                return day.replace(year=day.year + 1)
            if self.kind == MONTH:
                return (day + datetime.timedelta(days=31)).replace(day=1)
            return day + datetime.timedelta(days=1)
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

    def url(self):
        day = self.first_day
        parts = {YEAR: [day.year], MONTH: [day.year, day.month],
                 DAY: [day.year, day.month, day.day]}[self.kind]
        return reverse(f"discovery:archive_{self.kind}", args=parts)


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
        Period.containing(period.kind, earlier) if earlier else None,
        Period.containing(period.kind, later) if later else None,
    )


def months_with_stories(stories):
    """Each month of the period that has stories, with how many: one aggregate query."""
    rows = (
        stories.order_by()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(stories=Count("pk"))
        .order_by("month")
    )
    return [(Period.containing(MONTH, row["month"]), row["stories"]) for row in rows]


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
        "months": months_with_stories(stories) if period.kind == YEAR else [],
        "canonical_url": canonical_period_url(request, period),
    }
    return cache_keys.mark(render(request, "discovery/archive.html", context),
                           {cache_keys.archive_key(year, month, day),
                            *cache_keys.story_keys(context["articles"])})
