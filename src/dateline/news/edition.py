"""What pages print around their stories, read once per edition instead of on every request.

The site a host name stands for, its settings, its menu, the names and addresses bylines and
topic tags link to, today's On This Day box and how many stories a listing holds change only
when an editor publishes, unpublishes, moves or deletes a page, or changes a site, its settings
or the almanac. Each such change starts a new *edition*, and values are remembered under the
edition they were read in: the process that made the change reads fresh values at once.
Django's cache holds them, so with Redis (``REDIS_URL``) every process follows at once; with
the default cache in each process's memory, other processes follow within ``CACHE_SECONDS``,
as does a count when an embargoed story's time comes.

Keys carry the site's id, so no site is ever shown another's values.
"""

import uuid

from django.core.cache import cache

EDITION_KEY = "dateline:news:edition"
CACHE_SECONDS = 60
MISSING = object()


def current_edition():
    edition = cache.get(EDITION_KEY)
    if edition is None:
        cache.add(EDITION_KEY, uuid.uuid4().hex, timeout=None)
        edition = cache.get(EDITION_KEY)
    return edition


def start_new_edition(**signal_arguments):
    """Whatever was remembered before is read again. Also a signal receiver, connected in
    ``news.signal_handlers``."""
    cache.set(EDITION_KEY, uuid.uuid4().hex, timeout=None)


def key(name, site_id, *parts, edition=None):
    edition = edition or current_edition()
    return ":".join(["dateline:news", edition, name, str(site_id), *map(str, parts)])


def remembered(name, site_id, read, *parts):
    """The value ``read()`` gives, from the cache while the edition lasts."""
    entry = key(name, site_id, *parts)
    value = cache.get(entry, MISSING)
    if value is MISSING:
        value = read()
        cache.set(entry, value, CACHE_SECONDS)
    return value


def remembered_many(name, site_id, ids, read):
    """``{id: value}`` for the ids, the ones not remembered read together by ``read(ids)``."""
    edition = current_edition()
    entries = {key(name, site_id, item, edition=edition): item for item in ids}
    found = cache.get_many(entries)
    values = {entries[entry]: value for entry, value in found.items()}
    missing = [item for entry, item in entries.items() if entry not in found]
    if missing:
        fresh = read(missing)
        cache.set_many({key(name, site_id, item, edition=edition): value
                        for item, value in fresh.items()}, CACHE_SECONDS)
        values.update(fresh)
    return values
