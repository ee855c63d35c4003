"""When a rendered page next changes by the clock alone, with no editor acting.

Caches keep a page no longer than that. The masthead date and the On This Day box turn over at
midnight in each site's zone; apps register their own moments (a banner starting or ending).
"""

import datetime
import zoneinfo

from django.core.cache import cache

from dateline.news.models import SiteSettings

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
