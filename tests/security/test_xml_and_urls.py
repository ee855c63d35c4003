"""Hostile XML in every XML input Dateline reads, and server-side fetches aimed at this machine
or its network (issue 7, part 4).

A recording listener on loopback stands in for everything an attacker would point Dateline at
(an external entity, a DTD, a cloud metadata service, an admin port): any connection it
receives is a failure. The XML inputs are the WordPress export (WXR), RSS/Atom feeds and
imported article pages (HTML or XHTML, read by lxml through trafilatura); sitemaps and feeds
are only written, and the almanac's calendar files are not XML.
"""

import http.server
import socket
import socketserver
import threading

import pytest

from django.urls import reverse
from django.utils import timezone

from dateline.importers.feeds.polling import poll_feed
from dateline.importers.feeds.reading import FeedError, parse_feed, read_feed
from dateline.importers.fetching import FetchError, FetchRefused, fetch
from dateline.importers.models import FeedSubscription
from dateline.importers.pages.extraction import extract_article
from dateline.importers.pages.importing import PageError, download_image, read_page
from dateline.importers.wordpress.media import MediaLibrary, MediaUnavailable
from dateline.importers.wordpress.parse import WXRError, read_export
from tests.factories import UserFactory

SECRET = "root:x:0:0"  # the first line of /etc/passwd, which no entity may bring in


class Recorder(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """Counts every connection it accepts; answers HTTP with a DTD, or a redirect."""

    daemon_threads = True

    def __init__(self, address, family=socket.AF_INET, redirect_to=None):
        self.address_family = family
        self.connections = 0
        self.redirect_to = redirect_to
        super().__init__((address, 0), Handler)

    def get_request(self):
        self.connections += 1
        return super().get_request()

    @property
    def port(self):
        return self.server_address[1]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.server.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.end_headers()
            return
        body = b'<!ENTITY leaked "LEAKED-FROM-DTD">'
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serving(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def listener():
    """The recording listener on 127.0.0.1 and, on the same port where possible, on ::1."""
    server = serving(Recorder("127.0.0.1"))
    servers = [server]
    try:
        servers.append(serving(Recorder("::1", family=socket.AF_INET6)))
    except OSError:
        pass
    yield server
    for each in servers:
        each.shutdown()
        each.server_close()
    server.connections += sum(each.connections for each in servers[1:])


# --- 4a. Hostile XML -------------------------------------------------------------------------

def billion_laughs(root):
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(levels)}]>', "&lol9;"


def quadratic_blowup(root):
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY big "{"B" * 20_000}">]>',
            "&big;" * 20_000)


def local_file(root):
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM '
            f'"file:///etc/passwd">]>', "&xxe;")


def remote_entity(root, port):
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM '
            f'"http://127.0.0.1:{port}/entity">]>', "&xxe;")


def parameter_entity(root, port):
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY % remote SYSTEM '
            f'"http://127.0.0.1:{port}/remote.dtd"> %remote;]>', "&leaked;")


def external_dtd(root, port):
    return (f'<?xml version="1.0"?><!DOCTYPE {root} SYSTEM "http://[::1]:{port}/feed.dtd">',
            "&leaked;")


def xinclude(root):
    return ('<?xml version="1.0"?>',
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
            'href="file:///etc/passwd" parse="text"/>')


ATTACKS = {
    "billion laughs": billion_laughs,
    "quadratic blowup": quadratic_blowup,
    "external entity, file://": local_file,
    "external entity, http://": remote_entity,
    "external parameter entity": parameter_entity,
    "external DTD": external_dtd,
    "XInclude": xinclude,
}


def attack(name, root, port):
    make = ATTACKS[name]
    return make(root, port) if "port" in make.__code__.co_varnames else make(root)


def wxr(prolog, payload):
    return f"""{prolog}
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Hostile</title><link>https://blog.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://blog.example.org</wp:base_site_url>
<wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
<item><title>Story {payload}</title><wp:post_type>post</wp:post_type>
<content:encoded>{payload}</content:encoded></item>
</channel></rss>"""


def rss(prolog, payload):
    return f"""{prolog}
<rss version="2.0"><channel><title>Hostile {payload}</title><link>https://x.example.org/</link>
<item><title>Story {payload}</title><link>https://x.example.org/1</link>
<description>{payload}</description></item></channel></rss>"""


def atom(prolog, payload):
    return f"""{prolog}
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hostile</title><id>urn:x</id>
<updated>2026-01-01T00:00:00Z</updated><entry><title>Story {payload}</title><id>urn:1</id>
<updated>2026-01-01T00:00:00Z</updated><content type="html">{payload}</content></entry></feed>"""


def xhtml(prolog, payload):
    return f"""{prolog}
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Story</title></head>
<body><article><h1>A story</h1><p>{payload}</p>
<p>The council met on Tuesday to discuss the bridge and the ferry timetable for winter.</p>
</article></body></html>"""


def no_expansion(text):
    """Nothing an attack could have brought in, or multiplied, reached the result."""
    return "lollollol" not in text and "BBBBBBBBBB" not in text and SECRET not in text \
        and "LEAKED" not in text


@pytest.mark.database_independent
@pytest.mark.parametrize("name", ATTACKS)
def test_a_wordpress_export_with_hostile_xml_is_refused(name, listener, tmp_path):
    export = tmp_path / "export.xml"
    export.write_text(wxr(*attack(name, "rss", listener.port)))
    if name == "XInclude":
        # Not a DTD: the export is read, and the include stays an unprocessed element.
        parsed = read_export(export)
        assert all(no_expansion(item.content + item.title) for item in parsed.items)
    else:
        with pytest.raises(WXRError, match="DTD or entities"):
            read_export(export)
    assert listener.connections == 0


@pytest.mark.database_independent
@pytest.mark.parametrize("name", ATTACKS)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_with_hostile_xml_is_refused_or_read_without_expanding(name, kind, listener,
                                                                     tmp_path):
    root = "rss" if kind == "rss" else "feed"
    document = (rss if kind == "rss" else atom)(*attack(name, root, listener.port))
    feed_file = tmp_path / "feed.xml"
    feed_file.write_text(document)
    try:
        feed = read_feed(str(feed_file))
    except FeedError as error:
        assert "entities" in str(error) or "not a feed" in str(error)
    else:
        # Only a DOCTYPE naming an outside DTD, or an XInclude, may be read: RSS 0.91 feeds
        # carry Netscape's DOCTYPE. Neither is fetched or followed.
        assert name in ("external DTD", "XInclude")
        texts = [feed.title] + [entry.title + entry.html + entry.summary
                                for entry in feed.entries]
        assert all(no_expansion(text) for text in texts)
    assert listener.connections == 0


@pytest.mark.database_independent
@pytest.mark.parametrize("name", ATTACKS)
def test_an_imported_page_with_hostile_xml_is_read_without_expanding(name, listener, tmp_path):
    page_file = tmp_path / "story.xhtml"
    page_file.write_text(xhtml(*attack(name, "html", listener.port)))
    _source, _url, data = read_page(str(page_file))
    try:
        article = extract_article(data)
    except Exception as error:  # noqa: BLE001 - any refusal is fine, as long as it is clean
        assert type(error).__name__ in ("ExtractionError", "PageError"), repr(error)
    else:
        assert no_expansion(article.headline + article.body_html)
    assert listener.connections == 0


@pytest.mark.database_independent
def test_every_xml_attack_on_every_input_is_counted(report_figure):
    inputs = {"WordPress export": 1, "RSS and Atom feeds": 2, "imported pages": 1}
    cases = len(ATTACKS) * sum(inputs.values())
    report_figure("hostile XML", f"{len(ATTACKS)} attacks x {sum(inputs.values())} inputs = "
                                 f"{cases} cases, 0 expansions, 0 listener connections")
    assert cases >= 28


# --- 4b. Server-side fetches -----------------------------------------------------------------

def aimed_at(port):
    """Addresses that all reach this machine or a private network, spelt every way."""
    return [
        f"http://127.0.0.1:{port}/", f"http://localhost:{port}/", f"http://LOCALHOST.:{port}/",
        f"http://[::1]:{port}/", f"http://[::ffff:127.0.0.1]:{port}/",
        f"http://[::ffff:7f00:1]:{port}/", f"http://[0:0:0:0:0:ffff:7f00:1]:{port}/",
        f"http://2130706433:{port}/", f"http://0x7f000001:{port}/", f"http://0177.0.0.1:{port}/",
        f"http://0x7f.0.0.1:{port}/", f"http://127.1:{port}/", f"http://0:{port}/",
        f"http://0.0.0.0:{port}/", f"http://[::]:{port}/",
        f"http://news.example.org@127.0.0.1:{port}/", f"https://127.0.0.1:{port}/",
        f"http://127.0.0.1:{port}#@news.example.org/",
        "http://10.0.0.1/", "http://10.255.255.254/", "http://172.16.0.1/",
        "http://172.31.255.254/", "http://192.168.0.1/", "http://192.168.255.254/",
        "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/",
        "http://metadata.google.internal./", "http://[fc00::1]/", "http://[fdff::1]/",
        "http://[fe80::1]/", "http://100.64.0.1/", "http://198.18.0.1/", "http://224.0.0.1/",
        "http://255.255.255.255/", "http://[ff02::1]/", "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::]/", "http://[64:ff9b:1::a00:1]/",
        f"http://[::ffff:127.0.0.1]:{port}/",
    ]


def refused_before_connecting(url):
    """True when the fetch was refused; a metadata name that cannot be resolved offline is a
    FetchError, not a connection, and counts too."""
    try:
        fetch(url, timeout=2)
    except FetchRefused:
        return True
    except FetchError as error:
        return "cannot resolve" in str(error)
    return False


@pytest.mark.database_independent
def test_fetches_to_this_machine_and_private_networks_are_refused_before_connecting(
        listener, report_figure):
    urls = aimed_at(listener.port)
    fetched = [url for url in urls if not refused_before_connecting(url)]
    assert fetched == []
    assert listener.connections == 0
    report_figure("server-side fetches to loopback, private, link-local and metadata addresses",
                  f"{len(urls)} refused of {len(urls)}, 0 connections")


@pytest.fixture
def redirector(listener):
    """A server on 127.0.0.2 (allowed, as if it were a public site) that redirects."""
    servers = []

    def redirecting_to(location):
        server = serving(Recorder("127.0.0.2", redirect_to=location))
        servers.append(server)
        return f"http://127.0.0.2:{server.port}/story"

    yield redirecting_to
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.database_independent
def test_redirects_from_an_allowed_host_to_a_private_one_are_refused(listener, redirector):
    port = listener.port
    targets = [f"http://127.0.0.1:{port}/", f"http://localhost:{port}/",
               f"http://[::1]:{port}/", f"http://2130706433:{port}/",
               "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
               "file:///etc/passwd", "gopher://127.0.0.1:25/"]
    for target in targets:
        with pytest.raises(FetchRefused):
            fetch(redirector(target), allowed_networks=["127.0.0.2/32"], timeout=2)
    assert listener.connections == 0


@pytest.mark.database_independent
def test_every_importer_refuses_a_loopback_address_before_connecting(listener):
    url = f"http://localhost:{listener.port}/"
    with pytest.raises(FeedError):
        read_feed(url)
    with pytest.raises(PageError):
        read_page(url)
    with pytest.raises(MediaUnavailable):
        MediaLibrary(download=True).read(url + "wp-content/uploads/2020/01/a.jpg")
    with pytest.raises(FetchRefused):
        download_image(url + "lead.jpg", title="Lead")
    assert listener.connections == 0


@pytest.mark.django_db
def test_a_feed_subscription_to_a_private_address_records_the_refusal(newsroom, listener,
                                                                      settings):
    # Queued like the worker's, so the next poll it schedules waits in the queue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    subscription = FeedSubscription.objects.create(
        url=f"http://[::ffff:127.0.0.1]:{listener.port}/feed", section=newsroom.section,
        next_poll_at=timezone.now())
    poll_feed.call(subscription.pk, subscription.next_poll_at.isoformat())
    subscription.refresh_from_db()
    assert "non-public address" in subscription.last_error
    assert listener.connections == 0


@pytest.mark.django_db
def test_the_embed_chooser_does_not_fetch_a_loopback_address(client, listener):
    client.force_login(UserFactory(editor=True))
    response = client.post(reverse("wagtailembeds:chooser_upload"),
                           {"embed-chooser-url": f"http://127.0.0.1:{listener.port}/video"})
    assert response.status_code == 200
    assert listener.connections == 0


@pytest.mark.database_independent
def test_feeds_parse_bytes_without_fetching(listener):
    # parse_feed is what subscriptions and the command both end in; it is given bytes only.
    with pytest.raises(FeedError):
        parse_feed(rss(*remote_entity("rss", listener.port)).encode())
    assert listener.connections == 0
