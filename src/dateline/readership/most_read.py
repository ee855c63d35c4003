"""The Most read box: each edition's stories read most in the last 24 hours.

Read once per site, language and five minutes (and again when an editor's change starts a new
``news.edition``), from Redis when it is configured, else from the database, so a page pays
nothing for the box; pages in the page cache show it as it was when they were rendered.
"""

import datetime
import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone, translation

from wagtail.models import Site

from dateline.news import edition, sockets, translations
from dateline.news.models import ArticlePage
from dateline.readership.models import StoryReads

WINDOW = datetime.timedelta(hours=24)
BOX_SIZE = 5
REFRESH_SECONDS = 300


@functools.cache
def shared_reads():
    """Where every server adds its reads besides the database: Redis, when configured."""
    if not settings.REDIS_URL:
        return None
    from dateline.readership.redis_reads import RedisReads

    return RedisReads(settings.REDIS_URL, settings.CACHE_KEY_PREFIX)


def reads_since(since):
    """``{story pk: reads}`` counted in the hours that began after ``since``."""
    shared = shared_reads()
    if shared is not None:
        return shared.totals_since(since)
    return dict(StoryReads.objects.filter(hour__gt=since).values("story")
                .annotate(total=Sum("reads")).values_list("story", "total"))


def most_read(front_page, now=None, size=BOX_SIZE):
    """The readable stories under ``front_page`` (an edition's front page) read most in the
    24 hours before ``now``, most read first, each with its reads."""
    now = now or timezone.now()
    totals = reads_since(now - WINDOW)
    ranked = sorted(totals, key=lambda story: (-totals[story], -story))
    stories = []
    # Most of what is read is readable and in this edition: a few rounds at most.
    for start in range(0, len(ranked), size * 4):
        batch = ranked[start:start + size * 4]
        found = {story.pk: story for story in ArticlePage.objects.readable()
                 .descendant_of(front_page).filter(pk__in=batch).only("title", "url_path")}
        stories += [(found[pk], totals[pk]) for pk in batch if pk in found]
        if len(stories) >= size:
            break
    return stories[:size]


def box(request):
    """The box's stories for the request's site and edition, as plain data, remembered for
    ``REFRESH_SECONDS``."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    language = translation.get_language()
    key = edition.key("most-read", site.pk, language, int(time.time()) // REFRESH_SECONDS)
    stories = cache.get(key)
    if stories is None:
        front_page = translations.edition_front_page(site)
        stories = [{"pk": story.pk, "title": story.title, "url": story.get_url(request),
                    "reads": reads} for story, reads in most_read(front_page)]
        cache.set(key, stories, REFRESH_SECONDS)
    return stories


def box_appearance(story):
    """A story in its edition's Most read box now is on every page that shows the box."""
    site = story.get_site()
    if site is None:
        return sockets.Appearance()
    with translation.override(translations.page_language(story)):
        front_page = translations.edition_front_page(site)
    shown = {each.pk for each, _reads in most_read(front_page)}
    return sockets.Appearance(everywhere=story.pk in shown)
