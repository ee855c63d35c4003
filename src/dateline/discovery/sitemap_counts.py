"""Each site's stories counted by day, kept as stories change, so that the sitemap index adds up
a few thousand small rows instead of counting a million stories on every render.

A day is a calendar day in the site's zone and counts every live story of the site under no
view restriction, whatever its publication time (``StoryDay``). The publish pipeline's
"sitemaps" step counts again, exactly, the days a change took a story from and brought it to:
a publish, a new publication time, an unpublish, a move, a deletion or a restriction. A change
to any other page that may carry stories with it (a section moved, deleted, unpublished or
restricted) and a site's new root page leave the site uncounted (no ``CountedSite``), as does
a new zone in its settings; the next index counts the site again in one ``GROUP BY``.

The index reads the stored days before today and counts today and later from the stories
themselves, where the stories whose time has not come yet are (``years``).
"""

import datetime
import zoneinfo

from django.db import IntegrityError, connections, transaction
from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from wagtail.models import Page, Site

from dateline.discovery.models import CountedSite, StoryDay
from dateline.news import publishing
from dateline.news.models import ArticlePage, SiteSettings
from dateline.news.models.querysets import view_restricted


def site_zone(site):
    return SiteSettings.for_site(site).zone()


def shown_stories(site):
    """Every story the site shows or will show once its time comes."""
    return (ArticlePage.objects.live().filter(~view_restricted())
            .descendant_of(site.root_page))


def day_bounds(day, zone):
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return start, datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(),
                                            tzinfo=zone)


def totals(stories):
    return stories.aggregate(stories=Count("pk"), newest=Max("published_at"),
                             lastmod=Max(Coalesce("updated_at", "published_at")))


# ---- counting ----------------------------------------------------------------------------

def count_site(site, zone=None):
    """Counts every day of the site again, in its zone now, and marks it counted."""
    zone = zone or site_zone(site)
    with timezone.override(zone):
        days = (shown_stories(site).filter(published_at__isnull=False)
                .annotate(day=TruncDate("published_at")).order_by().values("day")
                .annotate(stories=Count("pk"), newest=Max("published_at"),
                          lastmod=Max(Coalesce("updated_at", "published_at"))))
        rows = [StoryDay(site=site, **day) for day in days]
    try:
        with transaction.atomic():
            StoryDay.objects.filter(site=site).delete()
            StoryDay.objects.bulk_create(rows, batch_size=500)
            CountedSite.objects.update_or_create(site=site, defaults={"zone": str(zone)})
    except IntegrityError:
        pass  # another process counted the site at the same moment; its rows are as good
    return rows


def count_day(site, day, zone):
    """The site's stories of one day counted again; the row goes when none are left."""
    start, end = day_bounds(day, zone)
    found = totals(shown_stories(site).filter(published_at__gte=start, published_at__lt=end))
    if not found["stories"]:
        StoryDay.objects.filter(site=site, day=day).delete()
        return
    try:
        with transaction.atomic():
            StoryDay.objects.update_or_create(site=site, day=day, defaults=found)
    except IntegrityError:
        # Another publish inserted the day first; this count is as new as its.
        StoryDay.objects.filter(site=site, day=day).update(**found)


def forget(sites=None):
    """The sites' days (every site's by default) are counted again at the next index."""
    counted = CountedSite.objects.all()
    if sites is not None:
        counted = counted.filter(site__in=sites)
    counted.delete()


# ---- the sitemap index -------------------------------------------------------------------

def years(site, zone):
    """Each year with stories the site shows now, in the site's zone ``zone``: how many, when
    the newest was published, the latest change; oldest first. Two queries: whether the
    site is counted in that zone, and its stored days before today with today's and later
    stories counted from themselves, in one ``UNION ALL``."""
    if not CountedSite.objects.filter(site=site, zone=str(zone)).exists():
        count_site(site, zone)
    with timezone.override(zone):
        today = timezone.localdate()
        stored = (StoryDay.objects.filter(site=site, day__lt=today)
                  .annotate(year=ExtractYear("day")).order_by().values("year")
                  .annotate(stories=Sum("stories"), newest=Max("newest"),
                            lastmod=Max("lastmod"))
                  .values_list("year", "stories", "newest", "lastmod"))
        # Today's stories through the published_at index, each one's page row read by its
        # key (as ``ArticleYearSitemap.items``): joined, SQLite reads the whole page table.
        shown = Subquery(ArticlePage.objects.readable().descendant_of(site.root_page)
                         .filter(pk=OuterRef("pk")).order_by().values("pk")[:1])
        recent = (ArticlePage.objects
                  .filter(published_at__gte=day_bounds(today, zone)[0],
                          published_at__lte=timezone.now())
                  .annotate(shown=shown).filter(shown__isnull=False)
                  .annotate(year=ExtractYear("published_at")).order_by().values("year")
                  .annotate(stories=Count("pk"), newest=Max("published_at"),
                            lastmod=Max(Coalesce("updated_at", "published_at")))
                  .values_list("year", "stories", "newest", "lastmod"))
        parts, params = [], []
        for number, rows in enumerate((stored, recent)):
            sql, part_params = rows.query.sql_with_params()
            # Django's own compiled queries, their values kept apart in part_params.
            parts.append(f"SELECT * FROM ({sql}) AS part_{number}")  # nosec B608
            params += part_params
        with connections[stored.db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            rows = cursor.fetchall()
    found = {}
    for year, stories, newest, lastmod in rows:
        newest, lastmod = moment(newest), moment(lastmod)
        earlier = found.get(year)
        if earlier is not None:
            stories += earlier["stories"]
            newest, lastmod = max(newest, earlier["newest"]), max(lastmod, earlier["lastmod"])
        found[year] = {"year": year, "stories": stories, "newest": newest, "lastmod": lastmod}
    return [found[year] for year in sorted(found)]


def moment(value):
    """A time as the cursor gave it (text on SQLite, where no converter runs), aware in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


# ---- kept by the publish pipeline --------------------------------------------------------

def sites_showing(page):
    return [site for site in Site.objects.select_related("root_page")
            if page.path.startswith(site.root_page.path)]


def story_days(article):
    """{(site id, day, zone)} the story counts in now, for each counted site that shows it:
    none unless live and unrestricted. Days are cut in the zone the site was counted in (a
    site whose zone has changed since is counted again before its index is read)."""
    if article.published_at is None:
        return set()
    sites = sites_showing(article)
    zones = dict(CountedSite.objects.filter(site__in=sites).values_list("site_id", "zone"))
    shown = (ArticlePage.objects.live().filter(~view_restricted())
             .filter(pk=article.pk).exists())
    if not shown:
        return set()
    return {(site_id, article.published_at.astimezone(zoneinfo.ZoneInfo(zone)).date(), zone)
            for site_id, zone in zones.items()}


def remember(page):
    """Before a change: the (site, day) pairs an article's live version counted in; for any
    other page, whether it was live and whether stories lie under it (they go or come with
    it)."""
    if not issubclass(page.specific_class, ArticlePage):
        return (Page.objects.filter(pk=page.pk, live=True).exists(),
                ArticlePage.objects.descendant_of(page).exists())
    stored = ArticlePage.objects.filter(pk=page.pk).first()
    return story_days(stored) if stored is not None else set()


def keep_counts(change):
    """The pipeline's "sitemaps" step: the days the story left and joined counted again."""
    if not change.of(ArticlePage):
        was_live, carries_stories = change.before or (False, True)
        if carries_stories and (change.kinds & publishing.TAKEN_FROM_WHERE_IT_SHOWED or (
                publishing.PUBLISHED in change.kinds and not was_live)):
            forget()
        return
    days = set(change.before or ()) | (story_days(change.page) if change.page else set())
    sites = Site.objects.select_related("root_page").in_bulk({site for site, _, _ in days})
    for site_id, day, zone in days:
        if site_id in sites:
            count_day(sites[site_id], day, zoneinfo.ZoneInfo(zone))


def site_changed(sender, instance, **kwargs):
    """A site's root page may be another: its days are counted again."""
    forget([instance])


def register():
    publishing.plug("sitemaps", keep_counts, remember=remember)
    post_save.connect(site_changed, sender=Site)
