"""A feed's bytes, checked and parsed into the few facts an article needs.

XML feeds are parsed by feedparser, but only after defusedxml has read the same bytes with
entity declarations and external references forbidden: feedparser's strict parser is expat,
and a feed has no business declaring entities. feedparser never fetches anything itself:
URLs go through ``fetching.fetch``, which refuses private and loopback addresses.
JSON Feed (jsonfeed.org) is read here, since feedparser 6 does not know it.
"""

import datetime
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

import dateparser
import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from dateline.importers.fetching import FetchError, fetch
from dateline.importers.sanitise import plain_text

HTML_TYPES = {"text/html", "application/xhtml+xml"}
JSON_FEED_VERSION = "https://jsonfeed.org/version/"
HEADLINE_FROM_TEXT = 100
BLOCK_END = re.compile(r"</(?:p|li|h\d|blockquote)>|<br\s*/?>", re.IGNORECASE)


class FeedError(Exception):
    """The feed cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class FeedEntry:
    identity: str  # the entry's id, else its link; "" when it has neither
    link: str
    title: str
    html: str
    summary: str
    # Aware when the feed gave a time zone; naive when it gave none (FeedImport then reads it
    # in the subscription's zone and never publishes it on its own); None when unreadable.
    published: datetime.datetime | None
    authors: tuple[str, ...]


@dataclass(frozen=True)
class Feed:
    source: str
    title: str
    entries: list[FeedEntry]


def read_feed(url_or_file):
    """The parsed feed at a URL or in a file; FeedError when it cannot be had or read."""
    source, data = read_source(url_or_file)
    return Feed(source, *parse_feed(data))


def read_source(url_or_file):
    """(source name for deduplication, bytes): the URL, or the file's absolute path."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", url_or_file, re.IGNORECASE):
        try:
            return url_or_file, fetch(url_or_file).content
        except FetchError as error:
            raise FeedError(f"{error}. Check the address, or save the feed to a file.") from None
    path = Path(url_or_file).resolve()
    try:
        return str(path), path.read_bytes()
    except OSError as error:
        raise FeedError(f"Cannot read {path}: {error.strerror}. Give a feed URL or file.") \
            from None


def parse_feed(data):
    """(feed title, entries) of RSS 0.9x/1.0/2.0, Atom or JSON Feed bytes."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return parse_json_feed(data)
    refuse_entity_declarations(data)
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        raise FeedError(
            f"This is not a feed that can be read ({parsed.get('bozo_exception')}). "
            "Check that the address or file is an RSS, Atom or JSON feed."
        )
    title = plain_text(parsed.feed.get("title", ""))
    return title, [entry_from_feedparser(entry) for entry in parsed.entries]


def refuse_entity_declarations(data):
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise FeedError(
            f"The feed declares XML entities or external references ({error}); Dateline "
            "refuses them because they can expand without limit or read local files."
        ) from None
    except ParseError:
        # Broken XML may still be a feed feedparser can read loosely, but not one whose
        # entity declarations the strict check could not reach.
        if b"<!ENTITY" in data.upper():
            raise FeedError(
                "The feed declares XML entities and is not well-formed; Dateline refuses it."
            ) from None


def entry_from_feedparser(entry):
    link = entry.get("link", "")
    body = entry_html(entry)
    summary = entry.get("summary", "") if entry.get("content") else ""
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
    raw = dict.get(entry, "published") or dict.get(entry, "updated") or ""
    when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published = read_date(raw, parsed=when)
    names = [author.get("name", "") for author in entry.get("authors", [])]
    if not any(names) and entry.get("author"):
        names = [entry["author"]]
    return FeedEntry(
        identity=entry.get("id") or link, link=link,
        title=headline(plain_text(entry.get("title", "")), body), html=body, summary=summary,
        published=published, authors=unique_names(names),
    )


def entry_html(entry):
    """The fullest text of an entry as HTML: content (content:encoded), else the summary."""
    candidates = [*entry.get("content", [])]
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"value": entry["summary"]})
    for candidate in candidates:
        if candidate.get("value", "").strip():
            if candidate.get("type", "text/html") in HTML_TYPES:
                return candidate["value"]
            return text_to_html(candidate["value"])
    return ""


def parse_json_feed(data):
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"This is not valid JSON ({error}); check the feed.") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        JSON_FEED_VERSION
    ):
        raise FeedError("This JSON is not a JSON Feed (no jsonfeed.org version); check the feed.")
    items = [item for item in listed(document.get("items")) if isinstance(item, dict)]
    return plain_text(str(document.get("title") or "")), [json_entry(item) for item in items]


def json_entry(item):
    # JSON gives no types: a field that should be text may be a number, a list or null.
    link = str(item.get("url") or "")
    body = str(item.get("content_html") or "") or text_to_html(str(item.get("content_text") or ""))
    authors = listed(item.get("authors")) or listed(item.get("author"))
    names = [str(author.get("name") or "") for author in authors if isinstance(author, dict)]
    return FeedEntry(
        identity=str(item.get("id") or link), link=link,
        title=headline(plain_text(str(item.get("title") or "")), body), html=body,
        summary=str(item.get("summary") or ""),
        published=json_date(item.get("date_published") or item.get("date_modified")),
        authors=unique_names(names),
    )


def listed(value):
    """A JSON Feed list field as a list: one object alone counts as a list of it."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def json_date(value):
    """An RFC 3339 date (naive when it gives no zone), or None."""
    try:
        return datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return read_date(str(value or ""))


# A zone written as an offset, a letter or a name feedparser knows.
ZONE = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z|\b(?:GMT|UTC|UT|[ECMP][SD]T))\s*$", re.IGNORECASE)


YEAR = re.compile(r"\b\d{4}\b")


def read_date(raw, *, parsed=None):
    """The moment ``raw`` names: aware when it gives a zone, naive when it does not, None
    when it names no day (a time alone is not a date). Dates in other languages ("16 dic
    2023", "3 января 2024") are read too."""
    raw = " ".join((raw or "").split())
    if raw:
        try:
            found = dateparser.parse(raw, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
        except (ValueError, OverflowError, TypeError, RecursionError):
            # A hostile or damaged date is no date, like one that cannot be read.
            found = None
        if found is not None:
            if found.tzinfo is not None:
                return found.astimezone(datetime.UTC)
            return found
    if parsed and YEAR.search(raw):
        # feedparser read a form dateparser does not; it assumes UTC when no zone is given,
        # and today when no day is (so a year must be there).
        moment = datetime.datetime(*parsed[:6])
        return moment.replace(tzinfo=datetime.UTC) if ZONE.search(raw) else moment
    return None


def headline(title, body):
    """The entry's title; RSS 2.0 allows none, so then the opening words of its text."""
    if title:
        return title
    text = " ".join(plain_text(BLOCK_END.sub(" ", body)).split())
    if len(text) <= HEADLINE_FROM_TEXT:
        return text
    return text[:HEADLINE_FROM_TEXT].rsplit(" ", 1)[0] + "…"


def text_to_html(text):
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)


def unique_names(names):
    return tuple(dict.fromkeys(" ".join(name.split()) for name in names if name.strip()))
