"""Most-read counts equal the reads readers were served: a real `dateline serve` (two worker
processes) on the demo newsroom, several clients reading cached stories of both editions for
30 s, with robots and a live blog's update polls mixed in, which are not counted; then the
server is stopped and the database holds every read within 1%. The server's last writes are
the ones its workers make as they end, so the shutdown is tested too."""

import collections
import html.parser
import http.client
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import demo_copy, free_port, wait_until_serving

pytestmark = pytest.mark.slow

LOAD_SECONDS = 30
CLIENTS = 4
BROWSER = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0.0.0 Mobile Safari/537.36")
ROBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and href.count("/") >= 3:
            self.hrefs.append(href)


def get(connection, path, user_agent=BROWSER):
    connection.request("GET", path, headers={"User-Agent": user_agent,
                                             "Accept-Encoding": "gzip"})
    response = connection.getresponse()
    response.read()
    return response


def stories_and_live_blog(port):
    """{path: story id} of stories linked from both front pages, and a live blog's path."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    stories, live_blog = {}, None
    for front in ("/", "/fa/"):
        links = Links()
        links.feed(fetch_text(connection, front))
        found = 0
        for path in dict.fromkeys(links.hrefs):
            if found == 12 or path in stories or not path.startswith("/"):
                continue
            response = get(connection, path, ROBOT)  # a robot: not a read
            if response.status == 200 and response.getheader("X-Dateline-Story"):
                stories[path] = int(response.getheader("X-Dateline-Story"))
                found += 1
                if live_blog is None and get(connection, path + "updates/", ROBOT).status == 200:
                    live_blog = path
    return stories, live_blog


def fetch_text(connection, path):
    connection.request("GET", path, headers={"User-Agent": ROBOT})
    return connection.getresponse().read().decode()


def stored_reads(database):
    with sqlite3.connect(database) as db:
        return collections.Counter(dict(db.execute(
            "SELECT story_id, SUM(reads) FROM readership_storyreads GROUP BY story_id")))


def read_for(port, paths, stories, live_blog, until, sent):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    mine = collections.Counter()
    turn = 0
    while time.monotonic() < until:
        path = paths[turn % len(paths)]
        if get(connection, path).status == 200:
            mine[stories[path]] += 1
        if turn % 10 == 0:  # neither is a read
            get(connection, path, ROBOT)
            if live_blog:
                get(connection, live_blog + "updates/")
        turn += 1
    sent.append(mine)


def test_most_read_counts_equal_the_reads_served_under_a_cached_load(
        demo_template, tmp_path):
    env = demo_copy(demo_template, tmp_path / "data")
    database = tmp_path / "data" / "dateline.sqlite3"
    seeded = stored_reads(database)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", server)
        stories, live_blog = stories_and_live_blog(port)
        assert len(set(stories.values())) >= 6 and live_blog is not None
        paths = list(stories)
        sent = []
        until = time.monotonic() + LOAD_SECONDS
        clients = [threading.Thread(target=read_for,
                                    args=(port, paths[n:] + paths[:n], stories, live_blog,
                                          until, sent))
                   for n in range(CLIENTS)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0].decode()
    served = sum(sent, collections.Counter())
    counted = stored_reads(database) - seeded
    assert sum(served.values()) > 1000, output
    for story, reads in served.items():
        assert abs(counted[story] - reads) <= reads / 100, (story, counted[story], reads)
    # Robots' reads and the live blog's polls were not counted.
    assert set(counted) <= set(served)
    print(f"{sum(served.values())} reads served, {sum(counted.values())} counted")  # noqa: T201
