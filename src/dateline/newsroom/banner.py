"""Which banner a site shows now, read once per few seconds per process, not on every request.

The answer is cached until the next moment it could change by the clock (a banner starting or
ending, an embargoed story going live) and for at most ``CACHE_SECONDS``; saving a banner or
publishing and unpublishing a story clear it at once in this process, and other processes
(or a shared cache) follow within those seconds.
"""

import datetime
import math

from django.core.cache import cache
from django.utils import timezone, translation

from wagtail.models import Site

from dateline.news import translations
from dateline.news.models.querysets import view_restricted
from dateline.newsroom.models import BreakingNewsBanner

CACHE_SECONDS = 5
CACHE_KEY = "dateline:newsroom:banner:{site_id}:{language}"
NEXT_CHANGE_CACHE_KEY = "dateline:newsroom:banner-next-change"


def showing_banner(site, now=None, language=None):
    """The banner an edition of the site (the active language's by default) shows now as
    plain data (label, headline, url), or None."""
    now = now or timezone.now()
    language = language or translation.get_language()
    return remembered_until_change(CACHE_KEY.format(site_id=site.pk, language=language), now,
                                   lambda: banner_and_next_change(site, now, language))


def next_banner_change(now):
    """The next moment any site's banner starts, ends or its story goes live, for caches of
    whole pages."""
    def read():
        moment = min(change_moments(BreakingNewsBanner.objects.not_ended(now)
                                    .select_related("article"), now), default=None)
        return moment, moment
    return remembered_until_change(NEXT_CHANGE_CACHE_KEY, now, read)


def remembered_until_change(key, now, read):
    """``read()`` gives (value, next change or None); the value is kept until that change
    and for at most ``CACHE_SECONDS``."""
    cached = cache.get(key)
    if cached is not None and cached["until"] > now:
        return cached["value"]
    value, next_change = read()
    until = now + datetime.timedelta(seconds=CACHE_SECONDS)
    if next_change is not None:
        until = min(until, next_change)
    cache.set(key, {"value": value, "until": until},
              timeout=max(1, math.ceil((until - now).total_seconds())))
    return value


def change_moments(banners, now):
    """When each banner starts or ends, or its story goes live, after ``now``."""
    return [moment for banner in banners
            for moment in (banner.starts_at, banner.ends_at, banner.article.published_at)
            if moment is not None and moment > now]


def banner_and_next_change(site, now, language):
    """One query: every banner of the edition not yet ended (or running until removed), with
    its story."""
    upcoming = list(BreakingNewsBanner.objects.not_ended(now).for_site(site, language)
                    .select_related("article")
                    .annotate(story_restricted=view_restricted("article__path")))
    showing = [banner for banner in upcoming if banner.starts_at <= now
               and banner.article.live and not banner.story_restricted
               and banner.article.published_at is not None
               and banner.article.published_at <= now]
    current = max(showing, key=lambda banner: (banner.starts_at, banner.pk), default=None)
    data = None
    if current is not None:
        data = {"label": current.get_label_display(), "headline": current.headline,
                "url": current.article.get_url()}
    return data, min(change_moments(upcoming, now), default=None)


def forget_showing_banners(**kwargs):
    site_ids = Site.objects.values_list("pk", flat=True)
    cache.delete_many([CACHE_KEY.format(site_id=site_id, language=language)
                       for site_id in site_ids for language in translations.edition_languages()]
                      + [NEXT_CHANGE_CACHE_KEY])
