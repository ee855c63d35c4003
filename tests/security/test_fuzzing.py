"""Every parser Dateline owns, fed generated hostile input: none of them crashes.

A parser may refuse input with its own documented error (``WXRError``, ``FeedError``, a 404
for an impossible date); any other exception is a crash. Hypothesis runs a bounded number of
examples per parser, derandomised so that CI and a developer see the same inputs, and each test
reports how many it ran.
"""

import datetime
import io
import json
import string

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from django.http import Http404

from dateline.almanac.calendar_format import parse_calendar
from dateline.almanac.models import calendar_day
from dateline.copydesk.checks import filler, weekday
from dateline.copydesk.reading import Copy
from dateline.discovery.archives import Period
from dateline.discovery.search.backends.sqlite import fts_query
from dateline.discovery.search.query import MAX_TERMS, WORD, content_words
from dateline.importers.feeds.reading import FeedError, parse_feed
from dateline.importers.sanitise import clean_html, plain_text
from dateline.importers.wordpress.parse import WXRError, read_export
from dateline.importers.wordpress.shortcodes import expand
from dateline.news.pagination import position

EXAMPLES = 300
# No shrinking: a crash is reported with the input that caused it, as generated, rather than
# after minutes of searching for a smaller one.
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate], report_multiple_bugs=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Text a hostile author or file would send: markup, shortcode brackets, XML specials, control
# characters, non-BMP and right-to-left characters, surrogates are excluded (not encodable).
HOSTILE_ALPHABET = st.characters(codec="utf-8")
FRAGMENTS = st.sampled_from([
    "<", ">", "&", "&amp;", "&#0;", "&#x110000;", "]]>", "<![CDATA[", "<!--", "-->", "\"", "'",
    "[caption", "[/caption]", "[gallery ids=\"1,x,\"]", "[embed]", "[/embed]", "[[", "]]",
    "http://", "https://example.org/", "\n\n", "\t", "\r\n", "<p>", "</p>", "<script>",
    "javascript:", "Saturday", "Friday, 31 February 2024", "yesterday", "lorem ipsum", "TK",
    "[confirm]", "01/31", "Feb 30", "*", "/*", "*/", "#include", "LANG=", ", 1999", "44 B.C.",
    "\u202e", "\ufeff", "\x00", "\x0b", "9" * 30, "-1", "0", "NaN", "1e999",
])
HOSTILE_TEXT = st.lists(st.one_of(st.text(HOSTILE_ALPHABET, max_size=12), FRAGMENTS),
                        max_size=30).map("".join)
XML_TEXT = HOSTILE_TEXT.map(
    lambda text: "".join(c for c in text if c in "\t\n\r" or " " <= c <= "\ud7ff")
).map(lambda text: text.replace("&", "&amp;").replace("<", "&lt;"))
DAYS = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))


def run_examples(report_figure, name, test):
    """Runs the Hypothesis test and reports how many examples it ran without a crash."""
    ran = []
    test.hypothesis.inner_test = counting(test.hypothesis.inner_test, ran)
    test()
    report_figure(f"fuzzing: {name} examples without a crash", len(ran))
    assert len(ran) >= EXAMPLES // 2


def counting(inner, ran):
    def wrapper(*args, **kwargs):
        inner(*args, **kwargs)
        ran.append(1)

    return wrapper


def wxr(items, version="1.2", namespace="http://wordpress.org/export/1.2/"):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<rss version="2.0" xmlns:wp="{namespace}" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<wp:wxr_version>{version}</wp:wxr_version>{items}</channel></rss>"
    ).encode()


WXR_ITEM = st.fixed_dictionaries({
    "title": XML_TEXT, "link": XML_TEXT, "guid": XML_TEXT, "dc:creator": XML_TEXT,
    "content:encoded": XML_TEXT, "wp:post_id": XML_TEXT, "wp:post_type": XML_TEXT,
    "wp:status": XML_TEXT, "wp:post_date_gmt": XML_TEXT, "wp:post_name": XML_TEXT,
    "wp:post_parent": XML_TEXT, "wp:menu_order": XML_TEXT, "wp:is_sticky": XML_TEXT,
}).map(lambda fields: "<item>" + "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
       + "</item>")


@pytest.mark.database_independent
def test_the_wordpress_export_reader_never_crashes(report_figure):
    @BOUNDED
    @given(st.one_of(
        st.binary(max_size=400),
        st.builds(wxr, st.lists(WXR_ITEM, max_size=3).map("".join), XML_TEXT, XML_TEXT),
        st.builds(wxr, st.lists(WXR_ITEM, min_size=1, max_size=3).map("".join)),
    ))
    def reading(document):
        try:
            read_export(io.BytesIO(document))
        except WXRError:
            pass

    run_examples(report_figure, "WordPress WXR", reading)


@pytest.mark.database_independent
def test_wordpress_shortcodes_expand_without_crashing(report_figure):
    @BOUNDED
    @given(HOSTILE_TEXT)
    def expanding(content):
        expanded = expand(content, gallery_images=lambda ids: [])
        assert isinstance(expanded.html, str)

    run_examples(report_figure, "WordPress shortcodes", expanding)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "url", "title", "content_html", "content_text",
                                       "summary", "date_published", "date_modified",
                                       "authors", "author", "name", "items", "version"]),
                      children, max_size=5),
    max_leaves=12,
)
JSON_FEEDS = st.builds(
    lambda items, title: json.dumps({"version": "https://jsonfeed.org/version/1.1",
                                     "title": title, "items": items}).encode(),
    st.one_of(JSON_VALUES, st.lists(JSON_VALUES, max_size=3)), JSON_VALUES,
)
RSS_FEEDS = st.builds(
    lambda title, entries: (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        + "".join(f"<item><title>{t}</title><link>{link}</link><description>{body}</description>"
                  f"<pubDate>{date}</pubDate></item>" for t, link, body, date in entries)
        + "</channel></rss>"
    ).encode(),
    XML_TEXT, st.lists(st.tuples(XML_TEXT, XML_TEXT, XML_TEXT, XML_TEXT), max_size=3),
)


@pytest.mark.database_independent
def test_the_feed_reader_never_crashes(report_figure):
    @BOUNDED
    @given(st.one_of(st.binary(max_size=300), JSON_FEEDS, RSS_FEEDS))
    def reading(document):
        try:
            title, entries = parse_feed(document)
        except FeedError:
            return
        assert isinstance(title, str)
        for entry in entries:
            assert isinstance(entry.title, str) and isinstance(entry.html, str)

    run_examples(report_figure, "feeds (RSS, Atom, JSON Feed)", reading)


CALENDAR_LINES = st.lists(
    st.one_of(
        st.builds(lambda when, text: f"{when}\t{text}",
                  st.one_of(st.from_regex(r"\A\d{1,3}/\d{1,3}\Z"),
                            st.from_regex(r"\A[A-Za-z]{2,10}\.? \d{1,3}\Z"), HOSTILE_TEXT),
                  HOSTILE_TEXT),
        HOSTILE_TEXT.map(lambda text: "\t" + text),
        HOSTILE_TEXT,
    ),
    max_size=12,
).map("\n".join)


@pytest.mark.database_independent
def test_the_almanac_calendar_format_never_crashes(report_figure):
    @BOUNDED
    @given(CALENDAR_LINES)
    def parsing(text):
        parsed = parse_calendar(text)
        for entry in parsed.entries:
            assert calendar_day(entry.month, entry.day) is not None

    run_examples(report_figure, "almanac calendar format", parsing)


@pytest.mark.database_independent
def test_the_copy_desks_weekday_and_filler_checks_never_crash(report_figure):
    @BOUNDED
    @given(HOSTILE_TEXT, st.one_of(st.none(), DAYS))
    def checking(text, published_on):
        copy = Copy.of_text(text, published_on=published_on)
        for check in (filler.check, weekday.check):
            for finding in check(copy):
                assert finding.message

    run_examples(report_figure, "copy desk publish checks", checking)


@pytest.mark.database_independent
def test_reader_queries_become_plain_words_and_quoted_fts_strings(report_figure):
    @BOUNDED
    @given(st.one_of(HOSTILE_TEXT, st.text(max_size=300)))
    def parsing(query):
        terms = content_words(query)
        assert len(terms) <= MAX_TERMS
        parts = [term.split("\u200c") for term in terms]
        assert all(WORD.fullmatch(part) for term in parts for part in term)
        if terms:
            # Every term is one quoted string, or a word with parts two (joined, and a phrase):
            # no FTS5 operator survives outside quotes.
            assert fts_query(terms).count('"') == sum(2 if len(term) == 1 else 4
                                                      for term in parts)

    run_examples(report_figure, "reader search queries", parsing)


@pytest.mark.database_independent
def test_archive_dates_and_listing_positions_parse_or_refuse_cleanly(report_figure):
    numbers = st.integers(min_value=-(10**20), max_value=10**20)

    @BOUNDED
    @given(numbers, st.one_of(st.none(), numbers), st.one_of(st.none(), numbers),
           st.one_of(st.text(string.digits + ".-+ e_", max_size=40), HOSTILE_TEXT))
    def parsing(year, month, day, cursor):
        if month is None:
            day = None
        try:
            Period.from_url(year, month, day).bounds()
        except Http404:
            pass
        parsed = position(cursor)
        assert parsed is None or isinstance(parsed[0], datetime.datetime)

    run_examples(report_figure, "archive dates and listing cursors", parsing)


@pytest.mark.database_independent
def test_sanitising_imported_html_twice_changes_nothing(report_figure):
    @BOUNDED
    @given(HOSTILE_TEXT)
    def sanitising(html):
        clean = clean_html(html)
        assert clean_html(clean) == clean
        assert isinstance(plain_text(html), str)

    run_examples(report_figure, "HTML sanitiser", sanitising)
