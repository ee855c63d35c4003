"""Readers in numbers against a real `dateline serve`: cached pages under 64 connections for
30 s, a cache emptied under load and a cold server hit all at once, and never a cacheable
header on anything a signed-in person sees."""

import collections
import concurrent.futures
import html
import json
import re
import time

import pytest

from tests.reliability.serving import Editor, Server, load, load_for

CACHED = ["/", "/caucasus/", "/caucasus/ferry/"]
PUBLIC = [*CACHED, "/about/", "/on-this-day/", "/authors/", "/feeds/rss/", "/search/?q=ferry"]
CONNECTIONS = 64
SECONDS = 30
PURGES = 5
STAFF = ("contributor", "editor", "administrator", "chief")
ADMIN_URLS_EACH = 50
# Never followed by the crawl: signing out ends the session being checked.
NOT_FOLLOWED = re.compile(r"/logout/")
CACHEABLE = re.compile(r"\b(public|s-maxage)\b|\bmax-age=[1-9]")

pytestmark = pytest.mark.slow


@pytest.fixture
def newsroom(shared_database):
    built = shared_database.run("shell", "--no-imports", "-c",
                                "import tests.reliability.scenes as m; "
                                "m.build_staffed_newsroom()")
    return shared_database, json.loads(built.stdout.strip().splitlines()[-1])["passwords"]


@pytest.fixture
def server(newsroom, tmp_path):
    database, _ = newsroom
    server = Server(database.env, tmp_path / "serve.log", workers=2)
    yield server
    server.stop()


def test_cached_pages_answer_64_connections_for_30_seconds_without_a_failure(server,
                                                                           report_figure):
    assert {answer.status for answer in load(server.port, CACHED, 1, 2)} == {200}
    statuses = load_for(server.port, CACHED, CONNECTIONS, SECONDS)
    total = sum(statuses.values())
    report_figure(f"load: cached pages, {CONNECTIONS} connections for {SECONDS} s",
                  f"{total / SECONDS:,.0f} req/s, {total:,} requests, statuses {dict(statuses)}")
    assert set(statuses) == {200}


def test_a_cache_emptied_under_load_and_a_cold_server_give_no_server_error(
        newsroom, tmp_path, report_figure):
    database, _ = newsroom
    cold = Server(database.env, tmp_path / "cold.log", workers=2)
    try:
        # A fresh server with nothing cached, every connection arriving at once.
        answers = load(cold.port, PUBLIC, CONNECTIONS, 1)
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            purging = pool.submit(purge_everything, database, PURGES)
            during = []
            for _ in range(200):
                during += load(cold.port, PUBLIC, CONNECTIONS // 4, 1)
                if purging.done():
                    break
            purging.result()
    finally:
        cold.stop()
    answers += during
    statuses = collections.Counter(answer.status for answer in answers)
    caching = collections.Counter(answer.headers.get("x-dateline-cache") for answer in answers)
    # A purged page is served stale while one request renders it again.
    purged = sum(answer.headers.get("x-dateline-cache") in ("miss", "stale")
                 for answer in during)
    report_figure("load: cold server at 64 connections, then 5 purges of everything under load",
                  f"{len(answers):,} requests, statuses {dict(statuses)}, cache {dict(caching)}")
    assert purged > 0, "no purge reached the cache while readers were loading it"
    assert set(statuses) == {200}
    assert "Traceback" not in cold.output()


def purge_everything(database, times):
    for _ in range(times):
        database.run("shell", "--no-imports", "-c",
                     "from dateline.delivery.purge import purge_everything_now; "
                     "purge_everything_now()")


def admin_links(answer):
    if "text/html" not in answer.headers.get("content-type", ""):
        return []
    return [html.unescape(link) for link in re.findall(r'href="(/admin/[^"#]*)"', answer.text())]


def crawl_as(port, username, password, limit):
    """Signs in and follows the admin's links from the dashboard, breadth first, up to
    ``limit`` pages; then reads the public pages signed in. Returns every answer."""
    editor = Editor(port, username, password)
    answers = []
    try:
        queue, seen = collections.deque(["/admin/"]), {"/admin/"}
        while queue and len(answers) < limit:
            answer = editor.get(queue.popleft())
            answers.append(answer)
            for link in admin_links(answer):
                if link not in seen and not NOT_FOLLOWED.search(link):
                    seen.add(link)
                    queue.append(link)
        answers += [editor.get(path) for path in PUBLIC]
    finally:
        editor.close()
    return answers


def cacheable(answer):
    """Why a signed-in person's answer could be kept by a cache in front, or None."""
    control = answer.headers.get("cache-control", "")
    if CACHEABLE.search(control):
        return f"Cache-Control: {control}"
    if not re.search(r"\b(private|no-store|no-cache)\b", control):
        return f"Cache-Control neither private nor no-store: {control!r}"
    if answer.headers.get("x-dateline-cache") != "bypass":
        return f"X-Dateline-Cache: {answer.headers.get('x-dateline-cache')}"
    return None


def test_no_admin_or_signed_in_response_carries_cacheable_headers(newsroom, server,
                                                                   report_figure):
    _, passwords = newsroom
    started = time.monotonic()
    answers = []
    for username in STAFF:
        answers += crawl_as(server.port, username, passwords[username], ADMIN_URLS_EACH)
    problems = [(answer.path, answer.status, reason) for answer in answers
                if (reason := cacheable(answer))]
    report_figure("signed-in responses with cacheable headers",
                  f"{len(problems)} of {len(answers)} (admin crawl as {', '.join(STAFF)}, "
                  f"{time.monotonic() - started:.0f} s)")
    assert len(answers) > len(STAFF) * len(PUBLIC) + 100
    # Some links are templates for scripts (bulk actions without their pages): a 404 then.
    assert [(answer.path, answer.status) for answer in answers if answer.status >= 500] == []
    assert problems == []
