"""Hostile queries and form posts against reader search, every public page's parameters and
the admin's sign-in and search forms: no server error.

Each request goes through the whole Django stack in this process (the test client), on the
test's database engine. Its wall time is reported with the battery's figures (p50 and p99), not
asserted: a timing depends on the machine's load, and speed is the benchmarks' business.
"""

import statistics
import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

# Words, phrases and syntax of SQLite FTS5, PostgreSQL tsquery, regular expressions and
# query parsers in general; each is sent alone and inside ordinary words.
ENGINE_SYNTAX = [
    '"', '""', '"unbalanced', "ferry*", "*", "NEAR(ferry harbour, 2)", "NEAR(", "ferry AND",
    "AND OR NOT", "NOT ferry", "ferry OR", "^ferry", "title:ferry", "body_text:x", "{title}:x",
    "(ferry", "ferry)", "((((((", "))))", "'", "''", "ferry & harbour", "ferry | harbour",
    "!ferry", "ferry:*", "ferry <-> harbour", "ferry <2> harbour", "&&&", "|||", "!!!", ":*",
    "<->", "\\", "\\\\", "%", "_", "%_%", "' OR 1=1 --", "'; DROP TABLE wagtailcore_page; --",
    "ferry -harbour", "+ferry", "~ferry", "ferry^2", "/ferry/", "(a+)+$", "(a|aa)*b",
    "([a-z]+)*$", "a" * 5000 + "!", "(.*a){20}", "\\d" * 100, "[[[[", "]]]]", "{{{{", "}}}}",
    "NEAR/3", "ferry NEAR harbour", "rank:1", "rowid:1", "bm25(", "snippet(", "highlight(",
]
# Characters that have broken search engines and the code in front of them.
AWKWARD = [
    "\x00", "%00", "\u0000ferry", "\ud800", "\udfff", "\ufffe", "\uffff", "\U0010ffff",
    "\u202e", "\u200b", "\ufeff", "\r\n", "\t", "\x0b", "\x7f", "ﬁ", "İ", "ß", "ΣΑΣ",
    "ساحل", "کشتی", "渡し船", "🚢" * 50, "e\u0301" * 40, "\u0300" * 200,
]
# Raw query strings with percent-encodings that do not decode as UTF-8.
INVALID_ENCODINGS = ["%ff%fe", "%c3%28", "%a0%a1", "%e2%82%28", "%f0%28%8c%bc", "%ed%a0%80",
                     "%c0%af", "%", "%%", "%zz", "%e2%82", "%ff" * 5000]
PAGE_PARAMETERS = [
    "page=0", "page=-1", "page=99999999999999999999999999", "page=1e9", "page=NaN",
    "page=%00", "page=1&page=2", "page[]=1", "page=" + "9" * 5000,
    "after=99999999999999999999.1", "after=-99999999999999999999.1", "after=1.-1",
    "after=0.0", "after=..", "after=1.2.3", "after=" + "9" * 5000 + ".1",
    "before=99999999999999999999.1", "before=-1.99999999999999999999999", "before=nan.1",
    "page=2&after=99999999999999999999.1", "page=2&before=-99999999999999999999.1",
    "page=2&after=1700000000000000.1", "page=3&before=0.0", "page=2&after=%ff",
]
SEARCH_FILTERS = [
    "section=-1", "section=99999999999999999999", "section=%00", "section=abc",
    "author=1e3", "author=" + "1" * 400, "date_from=0000-00-00", "date_from=9999-12-31",
    "date_to=9999-12-31", "date_from=0001-01-01&date_to=0001-01-01", "date_to=2024-02-30",
    "date_from=" + "2" * 5000, "date_from=%ff", "q=ferry&date_to=9999-12-31&page=2",
    "q=ferry&page=99999999999999", "q[]=ferry", "q=ferry&q=harbour", "q=ferry&section=",
]


class Stopwatch:
    """The test client, timing each request and remembering every status it answered."""

    def __init__(self, client):
        self.client = client
        self.times = []
        self.failures = []

    def get(self, path, query=""):
        return self.request("get", f"{path}?{query}" if query else path)

    def post(self, path, data=None, **kwargs):
        return self.request("post", path, data=data, **kwargs)

    def request(self, method, path, **kwargs):
        started = time.perf_counter()
        response = getattr(self.client, method)(path, **kwargs)
        self.times.append((time.perf_counter() - started, method, path[:100]))
        if response.status_code >= 500:
            self.failures.append((method, path[:120], kwargs.get("data"),
                                  response.status_code))
        return response

    def report(self, report_figure, name):
        ordered = sorted(self.times)
        seconds = [took for took, _method, _path in ordered]
        p50 = statistics.median(seconds) * 1000
        p99 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.99))] * 1000
        report_figure(f"{name}: requests", len(ordered))
        report_figure(f"{name}: server errors", len(self.failures))
        report_figure(f"{name}: p50 / p99", f"{p50:.0f} ms / {p99:.0f} ms")
        report_figure(f"{name}: slowest", ", ".join(path for _took, _method, path in
                                                     ordered[-3:]))
        assert self.failures == []


@pytest.fixture
def reading_room(newsroom, client):
    """A newsroom with published stories to find and page through, and a timed client."""
    for number in range(16):
        article = factories.ArticlePageFactory(
            parent=newsroom.section, title=f"Ferry {number} leaves the harbour at dawn",
            authors=[newsroom.author], topics=[newsroom.topic],
        )
        article.save_revision().publish()
    newsroom.stopwatch = Stopwatch(client)
    return newsroom


def hostile_queries():
    """Every engine's syntax and awkward character, alone, between words and at 100 KB."""
    for fragment in ENGINE_SYNTAX + AWKWARD:
        yield fragment
        yield f"ferry {fragment} harbour"
    yield "ferry " * 20_000  # 120 KB of one word
    yield "x" * 100_000
    yield " ".join(ENGINE_SYNTAX) * 40
    yield "".join(AWKWARD) * 400


def test_reader_search_answers_hostile_queries_without_a_server_error(reading_room,
                                                                      report_figure):
    stopwatch = reading_room.stopwatch
    search = reverse("discovery:search")
    statuses = set()
    for query in hostile_queries():
        encoded = quote(query.encode("utf-8", "surrogatepass"), safe="")
        statuses.add(stopwatch.get(search, f"q={encoded}").status_code)
    for raw in INVALID_ENCODINGS:
        statuses.add(stopwatch.get(search, f"q={raw}").status_code)
        statuses.add(stopwatch.get(search, f"q=ferry+{raw}&page={raw}").status_code)
    for query in SEARCH_FILTERS:
        statuses.add(stopwatch.get(search, query).status_code)
    # Searching still works after all of it: the plain query finds the stories.
    found = stopwatch.get(search, "q=ferry+harbour")
    assert found.status_code == 200 and b"Ferry 15 leaves" in found.content
    assert statuses <= {200, 400, 404}
    stopwatch.report(report_figure, "reader search, hostile queries")


def public_paths(room):
    """Every kind of public page, with the parameters its listing reads."""
    today = room.on_this_day.url
    return [
        "/", room.section.url, room.topic.url, room.author.url, room.authors.url, room.about.url,
        today, today + "2/29/", today + "99999999999999999999/1/", today + "0/0/",
        "/archive/2026/", "/archive/2026/11/", "/archive/2026/2/30/", "/archive/0/",
        "/archive/99999999999999999999/", "/archive/10000/12/31/", "/archive/1/1/1/",
        "/archive/9999/12/31/", "/feeds/rss/", "/feeds/atom/", "/feeds/rss/caucasus/",
        "/feeds/atom/topics/water/", "/feeds/rss/no-such-section/", "/sitemap.xml",
        "/sitemap-pages.xml", "/sitemap-news.xml", "/sitemap-articles-2026.xml",
        "/sitemap-articles-0.xml", "/sitemap-articles-99999999999999999999.xml",
        "/robots.txt", "/corrections/", reverse("discovery:search"),
    ]


def test_every_public_page_survives_hostile_query_parameters(reading_room, report_figure):
    stopwatch = reading_room.stopwatch
    paths = public_paths(reading_room)
    for path in paths:
        for query in ["", *PAGE_PARAMETERS[::2], *INVALID_ENCODINGS[:2]]:
            stopwatch.get(path, query)
    # The listings still page: the section's second page exists and continues the first.
    first = stopwatch.get(reading_room.section.url)
    assert first.status_code == 200
    assert first.context["articles"].has_next()
    stopwatch.report(report_figure, "public pages, hostile parameters")


FIELD_NAMES = st.sampled_from([
    "q", "username", "password", "next", "csrfmiddlewaretoken", "page", "after", "before",
    "section", "author", "date_from", "date_to", "email", "p", "ordering", "content_type",
])
FIELD_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ENGINE_SYNTAX + AWKWARD),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda text: text * 3000),
    st.integers().map(str),
    st.lists(st.text(max_size=10), max_size=3),
)
FORM_POSTS = st.dictionaries(FIELD_NAMES, FIELD_VALUES, max_size=6)
RAW_BODIES = st.tuples(
    st.sampled_from(["multipart/form-data; boundary=xyz", "multipart/form-data",
                     "application/x-www-form-urlencoded", "application/json", "text/plain"]),
    st.one_of(st.binary(max_size=300),
              st.sampled_from([b"--xyz\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n",
                               b"q=%ff%fe&username=%00", b"=" * 2000, b"&" * 5000, b"q=" +
                               b"a" * 200_000])),
)


def admin_forms():
    return [reverse("wagtailadmin_login"), reverse("wagtailadmin_password_reset"),
            reverse("wagtailadmin_pages:search")]


def test_fuzzed_posts_to_every_public_and_admin_form_get_no_server_error(reading_room, client,
                                                                           report_figure):
    stopwatch = reading_room.stopwatch
    public = [reverse("discovery:search"), "/", reading_room.section.url]
    anonymous_forms = [*public, *admin_forms()]
    signed_in_forms = [reverse("wagtailadmin_pages:search"), reverse("wagtailimages:index"),
                       reverse("wagtaildocs:index"), reverse("wagtailimages_chooser:choose")]
    editor = factories.UserFactory(editor=True, username="fuzzed-editor")
    # Each view once before the clock runs: its first answer compiles templates and fills
    # caches, which is the cost of starting a process, not of answering a request.
    for path in anonymous_forms:
        assert client.get(path).status_code < 500
    client.force_login(editor)
    for path in signed_in_forms:
        assert client.get(path, {"q": "ferry"}).status_code < 500

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(FORM_POSTS, RAW_BODIES)
    def posting(fields, raw):
        client.logout()
        for path in anonymous_forms:
            stopwatch.post(path, fields)
        content_type, body = raw
        stopwatch.post(anonymous_forms[0], body, content_type=content_type)
        stopwatch.post(reverse("wagtailadmin_login"), body, content_type=content_type)
        client.force_login(editor)
        # Always a query: without one these views list the whole archive, which is the cost
        # of an admin listing, not of a search.
        searched = {**fields, "q": fields.get("q") or "ferry"}
        for path in signed_in_forms:
            stopwatch.get(path, "&".join(f"{name}={quote(str(value)[:3000])}"
                                         for name, value in searched.items()))
            stopwatch.post(path, fields)

    posting()
    # The sign-in form still signs an editor in after the fuzzing.
    client.logout()
    editor.set_password("correct horse")
    editor.save()
    signed_in = client.post(reverse("wagtailadmin_login"),
                            {"username": "fuzzed-editor", "password": "correct horse"})
    assert signed_in.status_code == 302
    stopwatch.report(report_figure, "form posts, fuzzed")
