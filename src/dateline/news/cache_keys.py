"""Edge-cache keys: the names a cache in front (Varnish's xkey, Fastly's surrogate keys,
Cloudflare's cache tags) files each page under, so that a change purges exactly the pages that
show it, whatever their URLs and query strings.

Each page says the keys of what it shows where it is declared: a page type's ``cache_keys()``
(``models/routing.py`` and the page models), and each view of the other apps marks its own
response with ``mark()``. ``sockets.where_story_appears`` names the same keys for a story, and
the purge sends them; delivery writes them into the header the configured cache reads.

- ``story-<pk>``: a story's own page, and every page that lists it (front page, listings,
  feeds, archives, search results, On This Day, Related News);
- ``page-<pk>``: a section, topic, author, front page or any other page, and its later pages;
- ``feed-<pk>``: the feeds of the page ``<pk>``;
- ``corrections``, ``sitemaps``, ``search``: the corrections log, every sitemap, every search;
- ``archive-<YYYY>[-<MM>[-<DD>]]``: a date archive; ``almanac-<MM>-<DD>``: an On This Day day;
- ``everything``: every page, for what every page shows (navigation, the banner, settings).
"""

EVERYTHING = "everything"
CORRECTIONS = "corrections"
SITEMAPS = "sitemaps"
SEARCH = "search"


def story_key(pk):
    return f"story-{pk}"


def page_key(page):
    """``story-<pk>`` for a story, ``page-<pk>`` for any other page (by its page type's
    ``cache_key_prefix``)."""
    return f"{getattr(page.specific_class, 'cache_key_prefix', 'page')}-{page.pk}"


def feed_key(page):
    return f"feed-{page.pk}"


def archive_key(year, month=None, day=None):
    return "archive-" + "-".join(f"{part:02}" for part in (year, month, day) if part is not None)


def almanac_key(month, day):
    return f"almanac-{month:02}-{day:02}"


def story_keys(stories):
    """The keys of the stories a page lists, skipping the empty places of a listing (a front
    page without a lead)."""
    return {story_key(story.pk) for story in stories if story is not None}


def mark(response, keys):
    """Adds ``keys`` to what ``response`` is filed under; returns the response."""
    response.cache_keys = marked(response) | frozenset(keys)
    return response


def marked(response):
    """The keys a view marked ``response`` with (none when it marked nothing)."""
    return getattr(response, "cache_keys", frozenset())
