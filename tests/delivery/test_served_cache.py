"""The page cache in front of a real `dateline serve` on loopback: what it stores, what it
never stores, one render per page however many readers wait, and purges reaching every
server process, per machine through the purge log and across servers through Redis."""

import concurrent.futures
import gzip
import http.client
import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import brotli
import pytest

from tests.conftest import free_port, wait_until_serving
from tests.delivery.conftest import REDIS_URL

pytestmark = pytest.mark.slow


class Server:
    def __init__(self, database, workers=1, port=None, **env):
        self.port = port or free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dateline", "serve", "--port", str(self.port),
             "--workers", str(workers)],
            env={**database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.test", **env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self.base_url = f"http://127.0.0.1:{self.port}"
        wait_until_serving(self.base_url + "/", self.process)

    def request(self, path, method="GET", headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            # One host name for every server, as behind a load balancer.
            connection.request(method, path, body=body, headers={"Host": "localhost",
                                                                 **(headers or {})})
            response = connection.getresponse()
            return response.status, {name.lower(): value for name, value in
                                      response.getheaders()}, response.read()
        finally:
            connection.close()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)




def test_anonymous_pages_are_stored_and_answered_as_ready_bytes(site):
    database, _ = site
    server = Server(database)
    try:
        status, first, body = server.request("/caucasus/")
        assert (status, first["x-dateline-cache"]) == (200, "miss")
        assert b"Ferry returns to Baku" in body
        status, again, cached_body = server.request("/caucasus/")
        assert (status, again["x-dateline-cache"], cached_body) == (200, "hit", body)
        # Cut short, at most, by the coming midnight (``test_page_cache``).
        assert re.fullmatch(r"public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+, "
                            r"stale-if-error=\d+", again["cache-control"])
        assert again["vary"] == "Accept-Encoding"

        _, headers, compressed = server.request("/caucasus/", headers={"Accept-Encoding": "br"})
        assert headers["content-encoding"] == "br"
        assert brotli.decompress(compressed) == body
        _, headers, compressed = server.request(
            "/caucasus/", headers={"Accept-Encoding": "gzip, br;q=0"})
        assert headers["content-encoding"] == "gzip"
        assert gzip.decompress(compressed) == body

        status, headers, empty = server.request(
            "/caucasus/", headers={"If-None-Match": again["etag"]})
        assert (status, empty, headers["etag"]) == (304, b"", again["etag"])
        status, _, empty = server.request(
            "/caucasus/", headers={"If-Modified-Since": again["last-modified"]})
        assert (status, empty) == (304, b"")
        status, headers, empty = server.request("/caucasus/", method="HEAD")
        assert (status, empty, int(headers["content-length"])) == (200, b"", len(body))

        status, headers, _ = server.request("/caucasus/?page=junk")  # page 1, its own entry
        assert (status, headers["x-dateline-cache"]) == (200, "miss")
    finally:
        server.stop()


PRIVATE_REQUESTS = [
    ("/caucasus/", "GET", {"Cookie": "sessionid=abc"}),
    ("/caucasus/", "GET", {"Cookie": "theme=dark; csrftoken=abc"}),
    ("/caucasus/", "GET", {"Cookie": "messages=abc"}),
    ("/caucasus/", "POST", {}),
    ("/admin/login/", "GET", {}),
    ("/caucasus/", "GET", {"Authorization": "Basic Y2hpZWY6cHc="}),
]


def test_signed_in_admin_and_posted_requests_always_reach_django_and_stay_private(site):
    """Each kind twice, on one server whose cache holds the anonymous page: a first answer
    stored would be the second's hit, and the stored page must not be theirs either."""
    database, _ = site
    server = Server(database)
    try:
        for _ in range(2):
            server.request("/caucasus/")
        assert server.request("/caucasus/")[1]["x-dateline-cache"] == "hit"
        for path, method, headers in PRIVATE_REQUESTS:
            for _ in range(2):
                _, answer, _ = server.request(path, method=method, headers=headers)
                assert answer["x-dateline-cache"] == "bypass", (path, method, headers)
                if method == "GET":
                    directives = {part.strip() for part in answer["cache-control"].split(",")}
                    assert {"private", "no-store"} <= directives, (path, headers, directives)
    finally:
        server.stop()


def test_one_render_per_page_however_many_readers_wait(site):
    database, _ = site
    server = Server(database)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=24) as pool:
            answers = list(pool.map(lambda _: server.request("/caucasus/ferry/"), range(48)))
        states = [headers["x-dateline-cache"] for _, headers, _ in answers]
        assert states.count("miss") == 1, states
        assert {status for status, _, _ in answers} == {200}
        assert len({body for _, _, body in answers}) == 1
    finally:
        server.stop()


def shows_everywhere(servers, path, text, attempts):
    """True once ``attempts`` requests to each server all show ``text``."""
    return all(text in server.request(path)[2] for server in servers for _ in range(attempts))


def test_a_publish_in_another_process_reaches_every_server_process_within_a_second(site):
    database, _ = site
    server = Server(database, workers=2)
    try:
        for _ in range(10):
            server.request("/caucasus/")
        database.scene("publish_story('ferry', 'Ferry timetable doubles')",
                       module="tests.delivery.scenes")
        published = time.monotonic()
        while not shows_everywhere([server], "/caucasus/", b"Ferry timetable doubles", 8):
            assert time.monotonic() - published < 1, "a server process kept the old page"
            time.sleep(0.05)
    finally:
        server.stop()


def test_after_a_publish_readers_get_the_stale_page_at_once_while_one_render_runs(site):
    database, _ = site
    server = Server(database)
    try:
        server.request("/caucasus/")
        database.scene("publish_story('ferry', 'Ferry timetable doubles')",
                       module="tests.delivery.scenes")
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda _: server.request("/caucasus/"), range(16)))
        stale = [body for _, headers, body in answers if headers["x-dateline-cache"] == "stale"]
        assert stale, [headers["x-dateline-cache"] for _, headers, _ in answers]
        assert all(b"Ferry returns to Baku" in body for body in stale)
        published = time.monotonic()
        while b"Ferry timetable doubles" not in server.request("/caucasus/")[2]:
            assert time.monotonic() - published < 1, "the background render never landed"
            time.sleep(0.05)
        assert server.request("/caucasus/")[1]["x-dateline-cache"] == "hit"
    finally:
        server.stop()


def test_an_unpublished_story_is_gone_at_once_from_every_server_process(site):
    database, _ = site
    server = Server(database, workers=2)
    try:
        assert {server.request("/caucasus/ferry/")[0] for _ in range(10)} == {200}
        database.scene("unpublish_story('ferry')", module="tests.delivery.scenes")
        assert [server.request("/caucasus/ferry/")[0] for _ in range(10)] == [404] * 10
        assert all(b"Ferry returns" not in server.request("/caucasus/")[2] for _ in range(10))
    finally:
        server.stop()


def sign_in(base_url, username, password):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base_url + "/admin/login/", timeout=30).read()
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    opener.open(base_url + "/admin/login/", data=urllib.parse.urlencode({
        "username": username, "password": password, "csrfmiddlewaretoken": token,
    }).encode(), timeout=30).read()
    assert any(cookie.name == "sessionid" for cookie in jar), "the editor was not signed in"
    # Signing in gives a new CSRF token.
    return opener, next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def test_two_servers_sharing_the_database_and_redis_see_a_publish_within_a_second(
        site, redis_prefix):
    database, draft = site
    shared = {"REDIS_URL": REDIS_URL, "DATELINE_CACHE_KEY_PREFIX": redis_prefix}
    first, second = Server(database, **shared), Server(database, **shared)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            answers = list(pool.map(lambda number: (first, second)[number % 2].request(
                "/caucasus/"), range(32)))
        states = [headers["x-dateline-cache"] for _, headers, _ in answers]
        assert states.count("miss") == 1, states
        assert all(b"Bridge reopens" not in body for _, _, body in answers)

        editor, token = sign_in(first.base_url, "chief", "pw-chief-1")
        editor.open(first.base_url + draft["edit_path"], timeout=30).read()
        answer = editor.open(first.base_url + draft["edit_path"], data=urllib.parse.urlencode(
            {**draft["form"], "csrfmiddlewaretoken": token}).encode(), timeout=60).read()
        assert not re.search(rb"error-message|has been refused", answer), "publish refused"
        published = time.monotonic()
        while not shows_everywhere([first, second], "/caucasus/", b"Bridge reopens to traffic",
                                   4):
            assert time.monotonic() - published < 1, "a server kept the old section page"
            time.sleep(0.05)
    finally:
        first.stop()
        second.stop()


NON_LATIN_SLUGS = ["خبر-فوری-تهران", "σεισμός-στην-κρήτη", "tbilisi-თბილისი-2025"]


def first_answers_after(server, change, paths, shows):
    """Makes ``change`` in another process, then asks each path until ``shows(answer)``; the
    first answer must not be the old page as a fresh hit, and the last must come within a
    second."""
    change()
    changed = time.monotonic()
    for path in paths:
        status, headers, body = server.request(path)
        assert not (headers.get("x-dateline-cache") == "hit" and not shows(status, body)), \
            f"{path} was served from the cache unchanged"
        while not shows(status, body):
            assert time.monotonic() - changed < 1, f"{path} kept its old version"
            time.sleep(0.05)
            status, headers, body = server.request(path)


@pytest.mark.parametrize("store", ["local", "redis"])
def test_a_non_latin_story_is_published_corrected_and_unpublished_at_once(
        site, redis_prefix, store):
    database, _ = site
    database.scene(f"add_stories_slugged(*{NON_LATIN_SLUGS!r})", module="tests.delivery.scenes")
    if store == "redis":
        # The server and the processes that publish share the store in Redis.
        database.env = {**database.env, "REDIS_URL": REDIS_URL,
                        "DATELINE_CACHE_KEY_PREFIX": redis_prefix}
    server = Server(database)
    # As browsers send them: UTF-8, percent-encoded; one in lower-case hex, the same page.
    paths = [urllib.parse.quote(f"/caucasus/{slug}/") for slug in NON_LATIN_SLUGS]
    paths.append(paths[0].lower())

    def change(call):
        return lambda: database.scene(call, module="tests.delivery.scenes")

    try:
        for path in paths:
            server.request(path)
        assert {server.request(path)[1]["x-dateline-cache"] for path in paths} == {"hit"}
        first_answers_after(server, change(
            f"publish_stories({NON_LATIN_SLUGS!r}, 'second edition')"), paths,
            lambda status, body: re.search(rb"<title>[^<]* second edition \|", body))
        first_answers_after(server, change(
            f"correct_stories({NON_LATIN_SLUGS!r}, 'The ferry sails at noon.')"), paths,
            lambda status, body: b"The ferry sails at noon." in body)
        first_answers_after(server, change(f"unpublish_stories({NON_LATIN_SLUGS!r})"), paths,
                            lambda status, body: status == 404)
    finally:
        server.stop()
