"""Every reader page answers GET, HEAD and OPTIONS, and 405 with an honest Allow header to
anything else, whether Django answers or the page cache in front of it passes the request on:
the other apps' pages here, news' own in tests/news/test_reader_methods.py."""

import asyncio

import pytest
from asgiref.sync import async_to_sync

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from dateline.delivery.page_cache import PageCache
from dateline.delivery.purge import page_store
from tests.factories import ArticlePageFactory
from tests.news.test_reader_methods import WRITES, answers_only_reader_methods

pytestmark = pytest.mark.django_db

OTHER_APPS_ADDRESSES = [
    "/on-this-day/", "/on-this-day/3/14/", "/feeds/rss/", "/feeds/atom/caucasus/",
    "/search/?q=bridge", "/archive/2026/", "/sitemap.xml", "/robots.txt",
]


@pytest.fixture
def story(newsroom):
    return ArticlePageFactory(parent=newsroom.section, title="The bridge opens", slug="bridge")


@pytest.mark.parametrize("address", OTHER_APPS_ADDRESSES)
def test_the_other_apps_reader_pages_answer_only_the_methods_they_serve(story, address):
    answers_only_reader_methods(address)


def asgi_request(app, method, path):
    """Status and headers of one request to ``app``, run on this thread's database."""
    path, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "root_path": "", "server": ("testserver", 80),
             "client": ("203.0.113.7", 50000), "headers": [(b"host", b"testserver")]}
    answer = {}
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client stays connected until it has the answer

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {name.decode().lower(): value.decode()
                                 for name, value in message["headers"]}

    async_to_sync(app)(scope, receive, send)
    return answer["status"], answer["headers"]


@pytest.fixture
def one_connection():
    """Django's ASGI handler, like its test client, keeps the test's database connection open
    (it would close it after every request, and with it the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_page_cache_passes_other_methods_on_to_the_same_answer(story, one_connection):
    cached = PageCache(
        get_asgi_application(), page_store(), seconds=settings.PAGE_CACHE_SECONDS,
        cdn_seconds=settings.PAGE_CACHE_CDN_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        private_prefixes=settings.PAGE_CACHE_PRIVATE_PREFIXES,
        pass_prefixes=settings.PAGE_CACHE_PASS_PREFIXES,
        private_cookies=[settings.SESSION_COOKIE_NAME], vary_on_language=False)
    for address in ["/", "/caucasus/bridge/", "/on-this-day/3/14/", "/feeds/rss/"]:
        status, headers = asgi_request(cached, "OPTIONS", address)
        assert (status, headers["allow"]) == (200, "GET, HEAD, OPTIONS")
        for method in WRITES:
            status, headers = asgi_request(cached, method, address)
            assert (method, status, headers["allow"]) == (method, 405, "GET, HEAD, OPTIONS")
