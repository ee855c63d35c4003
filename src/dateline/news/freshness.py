"""News' own moments at which rendered pages change by the clock alone, plugged into
``sockets.clock`` (the page cache asks that socket, and keeps a page no longer than that).

The masthead date and the On This Day box turn over at midnight in each site's zone; listings,
archives, feeds and the corrections log change when a live story's date or a correction's time
arrives. Other apps plug their own moments (a banner starting or ending).
"""

import datetime
import zoneinfo

from django.core.cache import cache
from django.db.models import Min

from dateline.news.models import ArticleCorrection, ArticlePage, SiteSettings

ZONES_CACHE_KEY = "dateline:news:site-zones"
ZONES_CACHE_SECONDS = 60


def next_midnight(now):
    """The first midnight after ``now`` in any site's time zone."""
    zones = cache.get(ZONES_CACHE_KEY)
    if zones is None:
        zones = sorted({settings.time_zone for settings in SiteSettings.objects.all()})
        cache.set(ZONES_CACHE_KEY, zones, ZONES_CACHE_SECONDS)
    midnights = []
    for name in zones or ["UTC"]:
        local_now = now.astimezone(zoneinfo.ZoneInfo(name))
        tomorrow = local_now.date() + datetime.timedelta(days=1)
        midnights.append(datetime.datetime.combine(tomorrow, datetime.time(), local_now.tzinfo))
    return min(midnights)


def next_story_moment(now):
    """The first live story's date or correction's time after ``now`` (read from their
    indexes, not cached: an editor's change must count in every process at once)."""
    story = ArticlePage.objects.live().filter(published_at__gt=now).aggregate(
        moment=Min("published_at"))["moment"]
    note = ArticleCorrection.objects.filter(noted_at__gt=now, article__live=True).aggregate(
        moment=Min("noted_at"))["moment"]
    return min((moment for moment in (story, note) if moment is not None), default=None)
