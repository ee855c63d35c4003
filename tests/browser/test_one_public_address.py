"""The served demo names one public address everywhere: a crawl that follows its pages, feeds,
sitemaps and robots.txt finds no absolute link to another origin of the site (another host
name, port or scheme for this machine), whatever name the request reached it by."""

import re
import urllib.error
import urllib.request
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

ABSOLUTE_URL = re.compile(r"""https?://[^\s"'<>)\\]+""")
LINK_ATTRIBUTE = re.compile(r"""\b(?:href|src)="([^"#]+)""")
# Names this machine answers to: a link naming one of them at any origin but the site's own
# is a link to "another origin of the site".
THIS_MACHINE = {"127.0.0.1", "localhost", "[::1]", "0.0.0.0"}
# Enough for every kind of page, feed and sitemap from the first levels of the crawl.
CRAWL_BUDGET = 400
NOT_FOLLOWED = ("/admin/", "/static/", "/media/", "/documents/")
ROOTS = ["/", "/robots.txt", "/sitemap.xml", "/feeds/rss/", "/feeds/atom/"]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def get(url, host=None):
    """Status, headers and text of one response, redirects not followed; with ``host``, as a
    request by that name through a proxy that says it came over HTTPS."""
    headers = {"Host": host, "X-Forwarded-Proto": "https"} if host else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def absolute_urls(headers, text):
    found = ABSOLUTE_URL.findall(text)
    found += [headers[name] for name in ("Location", "Content-Location") if headers.get(name)]
    return [url.replace("&amp;", "&") for url in found]


def other_origins_of_the_site(urls, site_origin):
    site_host = urlsplit(site_origin).hostname
    return [url for url in urls
            if origin(url) != site_origin
            and (urlsplit(url).hostname in THIS_MACHINE | {site_host}
                 or f"[{urlsplit(url).hostname}]" in THIS_MACHINE)]


def crawl(base_url, host=None, budget=CRAWL_BUDGET):
    """Every absolute link to another origin of the site, by the address it was found at, and
    the addresses fetched."""
    queue = deque(base_url + path for path in ROOTS)
    seen = set(queue)
    fetched = []
    wrong = {}
    while queue and len(fetched) < budget:
        url = queue.popleft()
        status, headers, text = get(url, host)
        fetched.append((url, status))
        links = absolute_urls(headers, text)
        bad = other_origins_of_the_site(links, base_url)
        if bad:
            wrong[url] = sorted(set(bad))
        if "html" in headers.get("Content-Type", ""):
            links += [urljoin(url, value.replace("&amp;", "&"))
                      for value in LINK_ATTRIBUTE.findall(text)]
        for link in links:
            link = link.split("#")[0]
            path = urlsplit(link).path
            if (origin(link) == base_url and link not in seen
                    and not path.startswith(NOT_FOLLOWED)):
                seen.add(link)
                queue.append(link)
    return wrong, fetched


def kinds(fetched):
    paths = [urlsplit(url).path for url, status in fetched if status == 200]
    return {
        "feeds": any(path.startswith("/feeds/") for path in paths),
        "sitemap index": "/sitemap.xml" in paths,
        "article sitemaps": any(path.startswith("/sitemap-articles-") for path in paths),
        "robots.txt": "/robots.txt" in paths,
        "articles": len(paths) > 50,
    }


def test_a_crawl_of_the_demo_finds_no_link_to_another_origin_of_the_site(live_demo):
    wrong, fetched = crawl(live_demo)

    assert all(kinds(fetched).values()), kinds(fetched)
    assert wrong == {}


def test_reached_by_another_name_the_demo_still_names_its_public_address(live_demo):
    port = urlsplit(live_demo).port
    wrong, fetched = crawl(live_demo, host=f"localhost:{port}", budget=60)

    assert len(fetched) == 60
    assert wrong == {}


def test_the_crawl_fails_on_a_link_to_another_origin_of_the_site(live_demo):
    port = urlsplit(live_demo).port
    text = (f'<a href="http://localhost:{port}/x/">, <link href="http://127.0.0.1/">, '
            f'"https://127.0.0.1:{port}/", http://schema.org/, {live_demo}/fine/')

    assert other_origins_of_the_site(absolute_urls({}, text), live_demo) == [
        f"http://localhost:{port}/x/", "http://127.0.0.1/", f"https://127.0.0.1:{port}/",
    ]


def test_the_page_head_in_chromium_names_the_served_address(open_page, live_demo, artifacts):
    page = open_page("/")
    article_url = page.locator(".story__headline a").first.get_attribute("href")
    page.goto(urljoin(live_demo, article_url))

    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    og_url = page.locator('meta[property="og:url"]').get_attribute("content")
    json_ld = " ".join(page.locator('script[type="application/ld+json"]').all_text_contents())
    page.screenshot(path=artifacts / "public-address-article.png")

    assert canonical == og_url == page.url
    assert canonical.startswith(live_demo + "/")
    assert other_origins_of_the_site(ABSOLUTE_URL.findall(json_ld), live_demo) == []
    assert f'"url": "{live_demo}/"' in json_ld
