"""deploy/nginx/dateline-microcache.conf as shipped, in a real nginx on loopback in front of a
real `dateline serve`: readers' bursts answered from its one-second cache, signed-in and admin
traffic never stored, and a takedown gone from it as soon as its second is up."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.delivery.test_served_cache import Server, sign_in
from tests.delivery.test_varnish import answer

CONFIGURATION = (Path(__file__).resolve().parents[2] / "deploy" / "nginx"
                 / "dateline-microcache.conf")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(NGINX).exists(),
                       reason="nginx is missing: install Debian's nginx (./scripts/test does)"),
]


class Nginx:
    """nginx running the shipped server block in a main configuration of the test's own."""

    def __init__(self, folder, backend_port):
        self.port = free_port()
        shipped = CONFIGURATION.read_text()
        replacements = {r"listen 80;": f"listen 127.0.0.1:{self.port};",
                        r"server 127\.0\.0\.1:8000;": f"server 127.0.0.1:{backend_port};",
                        r"/var/cache/nginx/dateline": str(folder / "cache")}
        for pattern, value in replacements.items():
            shipped, count = re.subn(pattern, value, shipped)
            assert count == 1, f"the shipped configuration no longer has {pattern}"
        (folder / "dateline.conf").write_text(shipped)
        temporary = " ".join(f"{kind}_temp_path {folder / kind};"
                             for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            ("user root;\n" if os.getuid() == 0 else "")
            + f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'};\nevents {{ worker_connections 64; }}\n"
            f"http {{ access_log off; {temporary} include {folder / 'dateline.conf'}; }}\n")
        self.process = subprocess.Popen([NGINX, "-p", str(folder), "-c",
                                         str(folder / "nginx.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                answer(self.port, "/robots.txt")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nginx did not start: "
                                       + (folder / "error.log").read_text()) from None
                time.sleep(0.1)

    def request(self, path, headers=None):
        return answer(self.port, path, headers=headers)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def front(site, tmp_path):
    database, draft = site
    server = Server(database)
    nginx = Nginx(tmp_path, server.port)
    try:
        yield nginx, database, draft
    finally:
        nginx.stop()
        server.stop()


def test_a_burst_of_readers_is_answered_from_the_micro_cache(front):
    nginx, _, _ = front
    # Two requests in the same second: the second is a hit (tried again should the machine be
    # too slow for a second to hold two requests).
    for _ in range(20):
        _, first, body = nginx.request("/caucasus/")
        _, again, cached = nginx.request("/caucasus/")
        if again["x-cache"] == "HIT":
            break
    assert (first["x-cache"], again["x-cache"]) == ("MISS", "HIT")
    assert cached == body and b"Ferry returns to Baku" in body


def test_signed_in_and_admin_traffic_is_never_stored(front):
    nginx, _, _ = front
    base = f"http://127.0.0.1:{nginx.port}"
    editor, _ = sign_in(base, "chief", "pw-chief-1")
    for _ in range(3):
        with editor.open(base + "/admin/", timeout=30) as response:
            assert response.headers["x-cache"] == "BYPASS"
        with editor.open(base + "/caucasus/", timeout=30) as response:
            assert response.headers["x-cache"] == "BYPASS"
    status, headers, _ = nginx.request("/admin/")
    assert status == 302 and "/admin/login/" in headers["location"]
    for headers in ({"Cookie": "sessionid=abc"}, {"Cookie": "theme=dark; csrftoken=abc"},
                    {"Authorization": "Basic Y2hpZWY6cHctY2hpZWYtMQ=="}):
        for _ in range(2):
            assert nginx.request("/caucasus/", headers=headers)[1]["x-cache"] == "BYPASS"
    # The sign-in page sets a cookie, and is marked private: never kept either.
    for _ in range(2):
        assert nginx.request("/admin/login/")[1]["x-cache"] == "BYPASS"


def test_an_unpublished_story_is_gone_from_the_micro_cache_when_its_second_is_up(front):
    nginx, database, _ = front
    assert nginx.request("/caucasus/ferry/")[0] == 200
    assert b"/caucasus/ferry/" in nginx.request("/caucasus/")[2]
    database.scene("unpublish_story('ferry')", module="tests.delivery.scenes")
    unpublished = time.monotonic()
    while (nginx.request("/caucasus/ferry/")[0] != 404
           or b"/caucasus/ferry/" in nginx.request("/caucasus/")[2]):
        # One second of micro-cache, and the fetch that replaces the copy.
        assert time.monotonic() - unpublished < 2, "nginx kept the story past its second"
        time.sleep(0.05)
