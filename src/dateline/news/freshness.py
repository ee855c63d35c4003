"""When a rendered page next changes by the clock alone, with no editor acting.

Caches keep a page no longer than that. The masthead date and the On This Day box turn over at
midnight in each site's zone; listings, archives, feeds and the corrections log change when a
live story's date or a correction's time arrives; apps register their own moments (a banner
starting or ending).
"""

import datetime
import zoneinfo

from django.core.cache import cache
from django.db.models import Min

from dateline.news.models import ArticleCorrection, ArticlePage, SiteSettings

_providers = []
ZONES_CACHE_KEY = "dateline:news:site-zones"
ZONES_CACHE_SECONDS = 60


def register(provider):
    """``provider(now)`` returns the next aware datetime at which pages change, or None."""
    _providers.append(provider)


def next_change(now):
    moments = [moment for provider in _providers if (moment := provider(now)) is not None]
    return min(moments, default=None)


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
