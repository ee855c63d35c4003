"""Purges by key at Fastly (surrogate keys) and Cloudflare (cache tags), sent to a real HTTP
server on loopback standing in for each API: the exact requests, their batches, soft and hard,
and a refusal logged without failing the publish."""

import datetime
import http.server
import json
import logging
import threading

import pytest

from wagtail.contrib.frontend_cache.utils import get_backends

from dateline.delivery import edge
from tests import factories

PUBLISHED = datetime.datetime(2025, 3, 14, 10, 0, tzinfo=datetime.UTC)


class API:
    """An HTTP server on loopback that records each request and answers as the CDN's API."""

    def __init__(self, answer=b'{"success": true, "errors": [], "result": {"id": "1"}}',
                 status=200):
        self.requests = []
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                api.requests.append({
                    "method": self.command, "path": self.path,
                    "headers": {name.lower(): value for name, value in self.headers.items()},
                    "body": json.loads(body) if body else None,
                })
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api():
    server = API()
    yield server
    server.close()


def fastly(api_url):
    return {"fastly": {"BACKEND": "dateline.delivery.edge.FastlyBackend",
                       "SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY", "API_TOKEN": "fastly-token",
                       "API_URL": api_url}}


def cloudflare(api_url):
    return {"cloudflare": {"BACKEND": "dateline.delivery.edge.CloudflareBackend",
                           "ZONEID": "023e105f4ecef8ad9ca31a8372d0c353",
                           "BEARER_TOKEN": "cloudflare-token", "API_URL": api_url}}


def backend(configuration):
    return next(iter(get_backends(backend_settings=configuration).values()))


def test_fastly_purges_surrogate_keys_in_batches_of_256_soft_or_hard(api):
    keys = [f"story-{number}" for number in range(300)]
    backend(fastly(api.url)).purge_keys(keys, hard=True)
    backend(fastly(api.url)).purge_keys(["page-2", "search"], hard=False)
    assert [(each["method"], each["path"]) for each in api.requests] \
        == [("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")] * 3
    assert [each["body"] for each in api.requests] == [
        {"surrogate_keys": sorted(keys)[:256]}, {"surrogate_keys": sorted(keys)[256:]},
        {"surrogate_keys": ["page-2", "search"]}]
    for each in api.requests:
        assert each["headers"]["fastly-key"] == "fastly-token"
        assert each["headers"]["content-type"] == "application/json"
    assert ["fastly-soft-purge" in each["headers"] for each in api.requests] \
        == [False, False, True]
    assert api.requests[2]["headers"]["fastly-soft-purge"] == "1"


def test_fastly_purges_a_single_address_by_its_host_and_path(api):
    backend(fastly(api.url)).purge("https://news.example.org/caucasus/%D8%AE/?page=2")
    assert [(each["method"], each["path"], each["body"]) for each in api.requests] \
        == [("POST", "/purge/news.example.org/caucasus/%D8%AE/?page=2", None)]
    assert api.requests[0]["headers"]["fastly-key"] == "fastly-token"


def test_cloudflare_purges_cache_tags_in_batches_of_30(api):
    keys = [f"story-{number}" for number in range(45)]
    backend(cloudflare(api.url)).purge_keys(keys, hard=False)
    assert [(each["method"], each["path"]) for each in api.requests] \
        == [("POST", "/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache")] * 2
    assert [each["body"] for each in api.requests] \
        == [{"tags": sorted(keys)[:30]}, {"tags": sorted(keys)[30:]}]
    for each in api.requests:
        assert each["headers"]["authorization"] == "Bearer cloudflare-token"
        assert each["headers"]["content-type"] == "application/json"


def test_a_refused_or_unreachable_purge_is_logged_and_the_rest_still_sent(caplog):
    refusing = API(answer=b'{"success": false, "errors": [{"code": 10000, '
                          b'"message": "Authentication error"}]}')
    try:
        with caplog.at_level(logging.ERROR, logger="dateline.delivery.edge"):
            backend(cloudflare(refusing.url)).purge_keys(
                [f"story-{number}" for number in range(31)])
        assert len(refusing.requests) == 2
        assert caplog.text.count("Authentication error") == 2
    finally:
        refusing.close()
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="dateline.delivery.edge"):
        backend(fastly(refusing.url)).purge_keys(["story-1"], hard=True)
    assert "Could not purge keys story-1 from FastlyBackend" in caplog.text


def test_a_publish_sends_fastly_one_hard_and_one_soft_purge(
        api, settings, newsroom, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = fastly(api.url)
    story = factories.ArticlePageFactory(parent=newsroom.section, slug="ferry", draft=True,
                                         published_at=PUBLISHED)
    story.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        story.get_latest_revision().publish()
    assert [(each["body"]["surrogate_keys"], "fastly-soft-purge" in each["headers"])
            for each in api.requests] == [
        ([f"story-{story.pk}"], False),
        (sorted({f"page-{newsroom.home.pk}", f"page-{newsroom.section.pk}",
                 f"feed-{newsroom.home.pk}", f"feed-{newsroom.section.pk}", "sitemaps",
                 "search", "archive-2025", "archive-2025-03", "archive-2025-03-14",
                 # An English story: no key of the Persian edition's Solar Hijri pages.
                 "almanac-03-14"}), True),
    ]


def test_a_publish_sends_cloudflare_its_cache_tags(
        api, settings, newsroom, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = cloudflare(api.url)
    story = factories.ArticlePageFactory(parent=newsroom.section, slug="ferry")
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert len(api.requests) == 1
    assert f"story-{story.pk}" in api.requests[0]["body"]["tags"]
    assert edge.key_header() == ("Cache-Tag", ",")
