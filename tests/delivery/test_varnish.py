"""deploy/varnish/dateline.vcl as shipped, in a real varnishd on loopback in front of a real
`dateline serve`: pages stored and answered by Varnish, a publish purging exactly by key before
it returns, takedowns and privacy changes gone at once, signed-in and admin traffic never
stored, tracking parameters dropped, the keys kept from readers and purges from strangers."""

import glob
import http.client
import re
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.delivery.test_served_cache import Server, sign_in

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "dateline.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
XKEY_MODULE = "/usr/lib/*/varnish/vmods/libvmod_xkey.so"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(VARNISHD).exists() or not glob.glob(XKEY_MODULE),
        reason="varnishd or its xkey module is missing: install Debian's varnish and "
               "varnish-modules (./scripts/test does)"),
]


def answer(port, path, method="GET", headers=None, source="127.0.0.1"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                            source_address=(source, 0))
    try:
        connection.request(method, path, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in
                                  response.getheaders()}, response.read()
    finally:
        connection.close()


def was_hit(headers):
    """Varnish names two transactions in X-Varnish when it answered from its store: the
    request's and the one that stored the object."""
    return len(headers["x-varnish"].split()) == 2


class Varnish:
    """varnishd running the shipped VCL, its backend pointed at ``backend_port``."""

    def __init__(self, folder, backend_port):
        self.port = free_port()
        self.backend_port = backend_port
        vcl, count = re.subn(r'\.port = "8000";', f'.port = "{backend_port}";',
                             VCL.read_text())
        assert count == 1, "the shipped VCL's backend port moved"
        (folder / "dateline.vcl").write_text(vcl)
        self.log = (folder / "varnishd.log").open("w")
        self.process = subprocess.Popen(
            [VARNISHD, "-F", "-j", "none", "-n", str(folder / "work"),
             "-a", f"127.0.0.1:{self.port}", "-f", str(folder / "dateline.vcl"),
             "-s", "malloc,64m"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = answer(self.port, "/", method="PURGE",
                                      headers={"xkey-purge": "everything"})
                assert status == 200
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("varnishd did not start: "
                                       + (folder / "varnishd.log").read_text()) from None
                time.sleep(0.1)

    def request(self, path, method="GET", headers=None):
        return answer(self.port, path, method, headers)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture(scope="session")
def varnish(tmp_path_factory):
    """One varnishd for the session; each test's Dateline server listens on its backend port."""
    running = Varnish(tmp_path_factory.mktemp("varnish"), free_port())
    yield running
    running.stop()


@pytest.fixture
def front(varnish, site):
    """A Dateline server behind the session's Varnish, purging it by key, as the scenes (other
    processes publishing) do; Varnish starts each test empty."""
    database, draft = site
    purging = {"DATELINE_CDN_PURGE": "varnish",
               "DATELINE_CDN_PURGE_URL": f"http://127.0.0.1:{varnish.port}"}
    database.env = {**database.env, **purging}
    assert varnish.request("/", "PURGE", {"xkey-purge": "everything"})[0] == 200
    server = Server(database, port=varnish.backend_port, **purging)
    try:
        yield varnish, database, draft
    finally:
        server.stop()


def scene(database, call):
    database.scene(call, module="tests.delivery.scenes")


def test_pages_are_stored_and_answered_by_varnish_without_their_keys(front):
    varnish, _, _ = front
    status, first, body = varnish.request("/caucasus/")
    assert status == 200 and not was_hit(first)
    assert b"Ferry returns to Baku" in body
    status, again, cached = varnish.request("/caucasus/")
    assert (status, cached) == (200, body)
    assert was_hit(again)
    assert int(again["age"]) >= 0
    assert "xkey" not in again and "xkey" not in first
    # Dateline itself sends them (the section's own key, its story's, everything).
    _, direct, _ = answer(varnish.backend_port, "/caucasus/")
    assert "everything" in direct["xkey"].split() and len(direct["xkey"].split()) == 3
    # Varnish keeps the page as long as Dateline's s-maxage says, with its stale allowance.
    assert re.search(r"s-maxage=[1-9]\d*, stale-while-revalidate=\d+", again["cache-control"])


def test_tracking_parameters_reach_the_same_stored_page(front):
    varnish, _, _ = front
    _, _, body = varnish.request("/caucasus/")
    for path in ("/caucasus/?utm_source=mail&utm_medium=email", "/caucasus/?fbclid=abc",
                 "/caucasus/?GCLID=x&utm_campaign=spring&_ga=2.1"):
        _, headers, tracked = varnish.request(path)
        assert was_hit(headers) and tracked == body, path
    _, first, _ = varnish.request("/caucasus/?page=1&utm_source=x")
    _, again, _ = varnish.request("/caucasus/?utm_term=y&page=1")
    assert not was_hit(first) and was_hit(again)


def test_a_publish_reaches_the_story_before_it_returns_and_its_section_within_a_second(front):
    varnish, database, _ = front
    for path in ("/caucasus/ferry/", "/caucasus/"):
        varnish.request(path)
        assert was_hit(varnish.request(path)[1])
    scene(database, "publish_story('ferry', 'Ferry timetable doubles')")
    published = time.monotonic()
    # The story's own page is purged hard: the first answer is the new version.
    _, headers, body = varnish.request("/caucasus/ferry/")
    assert b"Ferry timetable doubles" in body and not was_hit(headers)
    while b"Ferry timetable doubles" not in varnish.request("/caucasus/")[2]:
        assert time.monotonic() - published < 1, "Varnish kept the old section page"
        time.sleep(0.05)


def test_an_editor_publishing_through_the_front_is_seen_by_readers_within_a_second(front):
    varnish, _, draft = front
    base = f"http://127.0.0.1:{varnish.port}"
    assert b"Bridge reopens" not in varnish.request("/caucasus/")[2]
    assert was_hit(varnish.request("/caucasus/")[1])
    editor, token = sign_in(base, "chief", "pw-chief-1")
    editor.open(base + draft["edit_path"], timeout=30).read()
    page = editor.open(base + draft["edit_path"], data=urllib.parse.urlencode(
        {**draft["form"], "csrfmiddlewaretoken": token}).encode(), timeout=60).read()
    assert not re.search(rb"error-message|has been refused", page), "publish refused"
    published = time.monotonic()
    while b"Bridge reopens to traffic" not in varnish.request("/caucasus/")[2]:
        assert time.monotonic() - published < 1, "Varnish kept the old section page"
        time.sleep(0.05)
    status, _, body = varnish.request("/caucasus/bridge/")
    assert status == 200 and b"Bridge reopens to traffic" in body


def test_an_unpublished_story_is_gone_from_the_front_at_once(front):
    varnish, database, _ = front
    for path in ("/caucasus/ferry/", "/caucasus/", "/feeds/rss/caucasus/", "/sitemap.xml"):
        varnish.request(path)
        assert was_hit(varnish.request(path)[1]), path
    scene(database, "unpublish_story('ferry')")
    status, _, _ = varnish.request("/caucasus/ferry/")
    assert status == 404
    for path in ("/caucasus/", "/feeds/rss/caucasus/", "/sitemap.xml"):
        _, headers, body = varnish.request(path)
        assert b"/caucasus/ferry/" not in body and not was_hit(headers), path


def test_a_story_made_private_is_gone_from_the_front_at_once(front):
    varnish, database, _ = front
    for path in ("/caucasus/ferry/", "/caucasus/"):
        varnish.request(path)
        assert was_hit(varnish.request(path)[1])
    scene(database, "restrict_story('ferry')")
    status, headers, body = varnish.request("/caucasus/ferry/")
    assert b"Ferry returns to Baku" not in body
    assert status == 302 and "/login" in headers["location"]
    assert b"Ferry returns to Baku" not in varnish.request("/caucasus/")[2]


def test_signed_in_and_admin_traffic_is_never_stored(front):
    varnish, _, _ = front
    base = f"http://127.0.0.1:{varnish.port}"
    editor, _ = sign_in(base, "chief", "pw-chief-1")
    for _ in range(2):
        with editor.open(base + "/admin/", timeout=30) as response:
            assert response.status == 200 and not was_hit(response.headers)
            assert "private" in response.headers["cache-control"]
        with editor.open(base + "/caucasus/", timeout=30) as response:
            assert not was_hit(response.headers)
    # What the editor was answered is not what a reader gets.
    status, headers, _ = varnish.request("/admin/")
    assert status == 302 and "/admin/login/" in headers["location"]
    for headers in ({"Cookie": "sessionid=abc"}, {"Cookie": "theme=dark; csrftoken=abc"},
                    {"Authorization": "Basic Y2hpZWY6cHctY2hpZWYtMQ=="}):
        for _ in range(2):
            _, answered, _ = varnish.request("/caucasus/", headers=headers)
            assert not was_hit(answered), headers
    # Another cookie (analytics) does not stop a reader being answered from the store.
    varnish.request("/caucasus/")
    _, answered, _ = varnish.request("/caucasus/", headers={"Cookie": "_ga=GA1.2.3"})
    assert was_hit(answered)


def test_only_the_listed_machines_may_purge(front):
    varnish, _, _ = front
    varnish.request("/caucasus/")
    status, _, _ = answer(varnish.port, "/", method="PURGE",
                          headers={"xkey-purge": "everything"}, source="127.0.0.2")
    assert status == 403
    assert was_hit(varnish.request("/caucasus/")[1])
    status, _, body = varnish.request("/", "PURGE", {"xkey-purge": "everything"})
    assert status == 200 and b"Purged" in body
    assert not was_hit(varnish.request("/caucasus/")[1])


def test_a_soft_purge_serves_the_stored_copy_once_more_while_varnish_fetches_it(front):
    varnish, _, _ = front
    _, _, body = varnish.request("/caucasus/")
    status, _, _ = varnish.request("/", "PURGE", {"xkey-softpurge": "everything"})
    assert status == 200
    _, headers, stale = varnish.request("/caucasus/")
    assert stale == body and was_hit(headers)  # from grace, while the new copy is fetched
