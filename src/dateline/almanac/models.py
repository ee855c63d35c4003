import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from dateline.news import cache_keys, dates
from dateline.news.models import ArticlePage
from dateline.news.models.querysets import OwnTablePageManager, newest_ids_of_each
from dateline.news.models.routing import ServedFromPath
from dateline.news.slugs import SluggedPageForm

# 2000 is a leap year, so 29 February is a valid day to ask about.
LEAP_YEAR = 2000
ARCHIVE_STORIES_PER_DAY = 10
EXCERPT_LENGTH = 90


def calendar_day(month, day):
    """The (month, day) as a date in a leap year, or None when no such day exists."""
    try:
        return datetime.date(LEAP_YEAR, month, day)
    except (TypeError, ValueError, OverflowError):
        return None


class AlmanacEntryQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approved=True)

    def on_days(self, days):
        condition = models.Q(pk__in=[])
        for month, day in days:
            condition |= models.Q(month=month, day=day)
        return self.filter(condition)

    def chronological(self):
        return self.order_by(models.F("year").asc(nulls_first=True), "pk")


class AlmanacEntry(index.Indexed, models.Model):
    """One dated event for On This Day; shown to readers only once an editor approves it."""

    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(_("day"))
    year = models.IntegerField(
        _("year"), null=True, blank=True,
        help_text=_("Leave empty for a recurring observance."),
    )
    text = models.TextField(_("text"), max_length=600)
    link = models.URLField(_("link"), blank=True)
    approved = models.BooleanField(
        _("approved"), default=False,
        help_text=_("Only approved entries appear on the site; check the facts first."),
    )

    objects = AlmanacEntryQuerySet.as_manager()

    # The edit form's panels are the admin's (``wagtail_hooks.AlmanacEntryViewSet``).
    search_fields = [index.SearchField("text"), index.FilterField("approved")]

    class Meta:
        verbose_name = _("almanac entry")
        verbose_name_plural = _("almanac entries")
        ordering = ["month", "day", "year"]
        indexes = [models.Index(fields=["month", "day"], name="almanac_entry_day_idx")]

    def __str__(self):
        when = dates.format_date(calendar_day(self.month, self.day), "day")
        prefix = f"{when} {self.year}" if self.year is not None else when
        return f"{prefix}: {self.excerpt()}"

    def excerpt(self, length=EXCERPT_LENGTH):
        """The text, cut after a whole word when longer than ``length``."""
        text = " ".join(self.text.split())
        if len(text) <= length:
            return text
        return text[:length + 1].rsplit(" ", 1)[0].rstrip(",;:-–—") + "…"

    excerpt.short_description = _("Entry")

    def clean(self):
        if calendar_day(self.month, self.day) is None:
            raise ValidationError({"day": _("There is no such day in that month.")})


def on_this_day(month, day, *, before_year, include_leap_day=False,
                archive_limit=ARCHIVE_STORIES_PER_DAY):
    """What the almanac shows for a calendar day: approved entries, and the site's own stories
    from that day in years before ``before_year``.

    ``include_leap_day`` adds 29 February to 28 February, for years without a 29th.
    """
    days = [(month, day)]
    if include_leap_day and (month, day) == (2, 28):
        days.append((2, 29))
    entries = list(AlmanacEntry.objects.approved().on_days(days).chronological())
    # The newest stories of each year's day in one query, each read from the publication-time
    # index; ordering all the years' days together made the database walk the index back from
    # the newest one, through every story published since.
    years = ArticlePage.objects.readable().on_day_by_year(
        month, day, include_leap_day=include_leap_day, before_year=before_year)
    ids = [pk for year in newest_ids_of_each(years, archive_limit) for pk in year][:archive_limit]
    found = ArticlePage.objects.for_listing().in_bulk(ids) if ids else {}
    stories = [found[pk] for pk in ids if pk in found]
    return {"day": calendar_day(month, day), "entries": entries, "stories": stories}


def on_this_day_for(date, **kwargs):
    """The almanac for a real date, e.g. today in the site's time zone."""
    return on_this_day(
        date.month, date.day, before_year=date.year,
        include_leap_day=not calendar.isleap(date.year), **kwargs,
    )


class OnThisDayPage(ServedFromPath, RoutablePageMixin, Page):
    """/on-this-day/ and a page for every calendar day: /on-this-day/<month>/<day>/."""

    base_form_class = SluggedPageForm

    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count = 1

    objects = OwnTablePageManager()

    class Meta:
        verbose_name = _("On This Day page")

    def cache_keys(self, context):
        """The page, the calendar day it shows and the stories it lists."""
        keys = super().cache_keys(context) | cache_keys.story_keys(context.get("stories", ()))
        if "day" in context:
            keys.add(cache_keys.almanac_key(context["day"].month, context["day"].day))
        return keys

    def day_url(self, month, day):
        return self.url + self.reverse_subpage("day", args=(month, day))

    def render_day(self, request, month, day):
        today = dates.today()
        is_today = (month, day) == (today.month, today.day)
        if is_today:
            shown = on_this_day_for(today)
        else:
            shown = on_this_day(month, day, before_year=today.year)
        # Neighbouring days are counted in a leap year, so 29 February is never skipped.
        shown_day = shown["day"]
        previous_day = shown_day - datetime.timedelta(days=1)
        next_day = shown_day + datetime.timedelta(days=1)
        return self.render(
            request,
            context_overrides={
                **shown,
                "is_today": is_today,
                "previous_day": previous_day,
                "previous_url": self.day_url(previous_day.month, previous_day.day),
                "next_day": next_day,
                "next_url": self.day_url(next_day.month, next_day.day),
            },
        )

    @path("")
    def today(self, request):
        today = dates.today()
        return self.render_day(request, today.month, today.day)

    @path("<int:month>/<int:day>/", name="day")
    def day(self, request, month, day):
        if calendar_day(month, day) is None:
            raise Http404("No such calendar day")
        return self.render_day(request, month, day)
