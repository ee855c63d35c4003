"""What a WordPress export says about the site it came from, for starting a newsroom from it:
its name (the channel's ``<title>``), its language (``<language>``, when it is one this
installation publishes in) and its time zone, which WXR does not name but every post's local
and UTC dates (``post_date``, ``post_date_gmt``) reveal."""

import datetime
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from defusedxml import ElementTree

from django.conf import settings

# Zones that match the same offsets are all right for the dates; these regions are tried first
# so that the name is one an editor recognises.
PREFERRED_REGIONS = ("Europe/", "America/", "Asia/", "Africa/", "Australia/", "Pacific/")
SAMPLE = 400
WP_DATE = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class SiteFacts:
    name: str
    time_zone: str
    time_zone_reason: str
    language: str


def site_facts(path, export):
    """The name, language and time zone for a newsroom started from ``export`` (read from
    ``path``)."""
    head = channel_head(path)
    name = head.get("title") or urlsplit(export.base_blog_url).hostname or "Newsroom"
    zone, reason = time_zone_of(export.items)
    return SiteFacts(name=name[:120], time_zone=zone, time_zone_reason=reason,
                     language=language_of(head.get("language", "")))


def channel_head(path):
    """The channel's own fields (``title``, ``language``…) by tag, read without going through
    the items that follow them."""
    depth, head = 0, {}
    for event, node in ElementTree.iterparse(path, events=("start", "end"),
                                             forbid_dtd=True, forbid_entities=True,
                                             forbid_external=True):
        depth += 1 if event == "start" else -1
        if event == "start" and node.tag == "item":
            break
        if event == "end" and depth == 2:
            head.setdefault(node.tag, " ".join((node.text or "").split()))
    return head


def language_of(tag):
    """The installation's language code for a channel's ``<language>`` (``fa-IR`` is ``fa``);
    the default language for one it does not publish in, or none."""
    code = tag.strip().lower().replace("_", "-").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def canonical_zones():
    """The zones the time zone database lists as its own (``zone.tab``), not their old
    aliases (Asia/Kolkata, not Asia/Calcutta); empty where the system does not ship the list."""
    for folder in zoneinfo.TZPATH:
        table = Path(folder) / "zone.tab"
        if table.is_file():
            return {line.split("\t")[2].strip() for line in table.read_text().splitlines()
                    if line and not line.startswith("#") and line.count("\t") >= 2}
    return set()


def offsets(items):
    """(UTC time, local minus UTC) of each dated item, up to SAMPLE of them."""
    found = []
    for item in items:
        try:
            local = datetime.datetime.strptime(item.post_date, WP_DATE)
            utc = datetime.datetime.strptime(item.post_date_gmt, WP_DATE)
        except ValueError:
            continue  # drafts carry 0000-00-00 00:00:00
        found.append((utc.replace(tzinfo=datetime.UTC), local - utc))
        if len(found) == SAMPLE:
            break
    return found


def time_zone_of(items):
    """(IANA name, how it was found): a zone whose offset matches every dated item's."""
    samples = offsets(items)
    if not samples:
        return "UTC", "the export has no dated posts, so UTC"
    if all(offset == datetime.timedelta(0) for _when, offset in samples):
        return "UTC", "its posts are dated in UTC"
    matching = [
        name for name in sorted(zoneinfo.available_timezones())
        if "/" in name and not name.startswith(("Etc/", "posix/", "right/"))
        and all(when.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() == offset
                for when, offset in samples)
    ]
    if not matching:
        return "UTC", "its posts' dates match no single time zone, so UTC"
    canonical = canonical_zones()
    matching.sort(key=lambda name: (name not in canonical, next(
        (rank for rank, region in enumerate(PREFERRED_REGIONS) if name.startswith(region)),
        len(PREFERRED_REGIONS))))
    return matching[0], "the one its posts' dates match"
