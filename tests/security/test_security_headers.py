"""Every response carries the security headers and a Content-Security-Policy: readers' pages
(rendered and from the page cache), feeds, the admin, errors, static files and media, as served
by a real `dateline serve` of the demo newsroom."""

import http.client
import re
import urllib.parse

import pytest

from tests.browser.test_validators import fetch, reader_pages

# The demo runs on its own SQLite file whatever the test database, so once is enough; it takes
# minutes to build, once per run, shared with the browser tests.
pytestmark = [pytest.mark.database_independent, pytest.mark.slow]

EVERYWHERE = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
}


def get(base_url, path, **headers):
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}
    finally:
        connection.close()


def policy(headers):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in headers.get("content-security-policy", "").split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def missing_headers(headers):
    missing = [name for name, value in EVERYWHERE.items() if headers.get(name) != value]
    if headers.get("x-frame-options") not in ("DENY", "SAMEORIGIN"):
        missing.append("x-frame-options")
    if policy(headers).get("frame-ancestors") != ["'self'"]:
        missing.append("content-security-policy frame-ancestors")
    return missing


def runs_no_inline_code(directives):
    scripts = directives.get("script-src", directives.get("default-src"))
    return scripts == ["'self'"] and directives.get("object-src") == ["'none'"] \
        and directives.get("base-uri") == ["'self'"]


@pytest.fixture(scope="module")
def served(live_demo):
    """Every kind of response the demo gives, by name: (path, status, headers)."""
    pages = reader_pages(live_demo)
    home = fetch(live_demo + "/")
    article = fetch(live_demo + pages["article"])
    paths = {
        **pages,
        "rss feed": "/feeds/rss/",
        "atom feed": "/feeds/atom/iran-news/",
        "sitemap": "/sitemap.xml",
        "robots.txt": "/robots.txt",
        "stylesheet": re.search(r'href="(/static/[^"]+\.css)"', home).group(1),
        "image": re.search(r'src="(/media/images/[^"]+)"', article).group(1),
        "admin sign-in": "/admin/login/",
        "admin dashboard, signed out": "/admin/",
        "admin, missing page": "/admin/no-such-view/",
    }
    answers = {}
    for name, path in paths.items():
        answers[name] = (path, *get(live_demo, path))
        if name in pages:
            answers[f"{name}, from the page cache"] = (path, *cached(live_demo, path))
    return answers


def cached(base_url, path):
    """The page from the page cache's store: each of the demo's two server processes keeps
    its own, so it may take a request to each before one answers from it."""
    for _attempt in range(6):
        status, headers = get(base_url, path)
        if headers.get("x-dateline-cache") == "hit":
            break
    return status, headers


def test_every_response_carries_the_security_headers(served, report_figure):
    missing = {name: missing_headers(headers) for name, (_path, _status, headers)
               in served.items() if missing_headers(headers)}
    statuses = {status for _path, status, _headers in served.values()}
    assert missing == {}
    assert {200, 302, 404} <= statuses
    report_figure("responses with every security header and a CSP",
                  f"{len(served)} of {len(served)} kinds (pages, cached hits, feeds, admin, "
                  "404, static, media)")


def test_cached_hits_carry_the_same_headers_as_rendered_pages(served):
    hits = {name: headers for name, (_path, status, headers) in served.items()
            if name.endswith("from the page cache") and status == 200}
    assert len(hits) >= 10
    assert {headers.get("x-dateline-cache") for headers in hits.values()} == {"hit"}
    for name, headers in hits.items():
        rendered = served[name.removesuffix(", from the page cache")][2]
        assert headers["content-security-policy"] == rendered["content-security-policy"]


def test_readers_pages_allow_no_inline_script_or_plugins(served):
    readers = {name: policy(headers) for name, (path, _status, headers) in served.items()
               if not path.startswith("/admin/")}
    assert {name for name, directives in readers.items()
            if not runs_no_inline_code(directives)} == set()
    assert all("'unsafe-inline'" not in " ".join(sum(directives.values(), []))
               for directives in readers.values())


def test_the_admin_runs_script_from_this_site_only(served):
    # Wagtail's admin needs its inline scripts (see CONTENT_SECURITY_POLICY_ADMIN), but no
    # script, frame, plugin or form target from another host.
    directives = policy(served["admin sign-in"][2])
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in served["admin sign-in"][2]["content-security-policy"]


def test_signed_in_and_admin_responses_are_never_cacheable(served):
    for name in ("admin sign-in", "admin dashboard, signed out"):
        assert "private" in served[name][2]["cache-control"]
