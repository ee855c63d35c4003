"""The database going away under load and coming back: readers get cached pages or a clean 503
that says when to retry, never a 500 or a traceback, and the site recovers by itself.

PostgreSQL is a throwaway cluster of the test's own, stopped as a crash would (``pg_ctl stop
-m immediate``) and started again; the machine's shared server is left alone. On SQLite, the
database file vanishing does the same.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import REPOSITORY, dateline_command, free_port
from tests.reliability.serving import Reader, Server, load, start_worker, wait_until_working

POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
CACHED = ["/", "/caucasus/", "/caucasus/ferry/"]
CONNECTIONS = 8
# Pages leave the cache this soon, so that during the outage they are rendered again, fail,
# and the stale copy is what readers get.
CACHE_SECONDS = "2"

# Each test brings its own database, whichever engine the run is on: once is enough.
pytestmark = [pytest.mark.slow, pytest.mark.database_independent]


class Cluster:
    """A PostgreSQL cluster in a temporary folder owned by the ``postgres`` user (initdb will
    not run as root), listening on loopback on a free port."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-outage-"))
        shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.port = free_port()
        self.as_postgres(POSTGRES_BIN / "initdb", "-D", self.data, "-A", "trust",
                         "-U", "postgres", "--no-sync", "-E", "UTF8")
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE dateline")

    def as_postgres(self, *command):
        subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)],
                       check=True, capture_output=True, cwd=self.folder, timeout=120)

    def url(self, name="dateline"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self.as_postgres(POSTGRES_BIN / "pg_ctl", "start", "-w", "-D", self.data,
                         "-l", self.folder / "postgres.log", "-o", options)

    def crash(self):
        self.as_postgres(POSTGRES_BIN / "pg_ctl", "stop", "-m", "immediate", "-D", self.data)

    def remove(self):
        subprocess.run(["runuser", "-u", "postgres", "--", str(POSTGRES_BIN / "pg_ctl"),
                        "stop", "-m", "immediate", "-D", str(self.data)],
                       capture_output=True, check=False, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def own_postgres():
    if not (POSTGRES_BIN / "initdb").exists() or shutil.which("runuser") is None:
        pytest.skip(f"PostgreSQL 15's server programs are not in {POSTGRES_BIN}")
    cluster = Cluster()
    yield cluster
    cluster.remove()


def build_site(env, migrate=True):
    steps = [("migrate", "-v0")] if migrate else []
    for args in (*steps,
                 ("shell", "--no-imports", "-c",
                  "import tests.delivery.scenes as m; m.build_site()")):
        result = dateline_command(*args, env={**env, "DJANGO_SETTINGS_MODULE":
                                              "dateline.settings.test"},
                                  cwd=REPOSITORY, timeout=600)
        assert result.returncode == 0, result.stderr


def uncached_paths(start, count):
    """Pages the cache cannot answer: a query string of their own for each request."""
    return [f"/caucasus/?page=1&reader={number}" for number in range(start, start + count)]


def outage_answers(answers):
    """What readers got while the database was away: (cached pages, clean 503s, anything
    else)."""
    cached, unavailable, wrong = [], [], []
    for answer in answers:
        text = answer.text()
        if answer.status == 200 and answer.headers.get("x-dateline-cache") in ("hit", "stale"):
            cached.append(answer)
        elif (answer.status == 503 and answer.headers.get("retry-after")
              and "We will be back in a moment" in text and "Traceback" not in text):
            unavailable.append(answer)
        else:
            wrong.append((answer.path, answer.status, answer.headers, text[:300]))
    return cached, unavailable, wrong


def outage_load(port, rounds):
    """Readers of cached pages and of pages the cache cannot answer, at once."""
    readers = load(port, CACHED, CONNECTIONS // 2, rounds)
    return readers + load(port, uncached_paths(0, rounds * 3), CONNECTIONS // 2, 1)


def seconds_until_served(port, path, attempts=600):
    """How long until ``path`` is rendered again, asking every tenth of a second."""
    started = time.monotonic()
    reader = Reader(port)
    for attempt in range(attempts):
        if reader.get(f"{path}&attempt={attempt}").status == 200:
            reader.close()
            return time.monotonic() - started
        time.sleep(0.1)
    pytest.fail(f"{path} was not served again after {attempts} attempts")


def test_a_postgresql_crash_under_load_gives_cached_pages_or_503s_and_recovers(
        own_postgres, tmp_path, report_figure):
    env = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path), "DATABASE_URL": own_postgres.url(),
           "DATELINE_PAGE_CACHE_SECONDS": CACHE_SECONDS}
    build_site(env)
    server = Server(env, tmp_path / "serve.log", workers=2)
    try:
        before = outage_load(server.port, rounds=5)
        assert {answer.status for answer in before} == {200}

        own_postgres.crash()
        during = outage_load(server.port, rounds=20)
        time.sleep(int(CACHE_SECONDS) + 0.5)  # every cached page has expired now
        during += outage_load(server.port, rounds=10)
        cached, unavailable, wrong = outage_answers(during)

        own_postgres.start()
        recovery = seconds_until_served(server.port, "/caucasus/?page=1&after=restart")
        after = outage_load(server.port, rounds=5)
    finally:
        server.stop()

    stale = sum(answer.headers.get("x-dateline-cache") == "stale" for answer in cached)
    report_figure("database outage (PostgreSQL crash): cached / stale / clean 503 / other",
                  f"{len(cached)} / {stale} / {len(unavailable)} / {len(wrong)} "
                  f"of {len(during)} responses")
    report_figure("database outage: seconds to serve again after PostgreSQL is back",
                  f"{recovery:.1f}")
    assert wrong == [], json.dumps(wrong[:3], default=str)
    assert stale > 0, "no expired page was served from the cache while the database was away"
    assert unavailable, "no request reached Django while the database was away"
    assert recovery < 30
    assert [answer.status for answer in after if answer.status != 200] == []
    # The outage is logged, with its cause, as what it is.
    assert "Service Unavailable" in server.output()
    assert "Internal Server Error" not in server.output()


def test_a_vanished_sqlite_file_gives_cached_pages_or_503s_and_recovers(
        migrated_sqlite_file, tmp_path, report_figure):
    env = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path),
           "DATELINE_PAGE_CACHE_SECONDS": CACHE_SECONDS}
    env.pop("DATABASE_URL", None)
    database = tmp_path / "dateline.sqlite3"
    shutil.copyfile(migrated_sqlite_file, database)
    build_site(env, migrate=False)
    away = tmp_path / "away"
    away.mkdir()
    server = Server(env, tmp_path / "serve.log")
    try:
        assert {answer.status for answer in outage_load(server.port, rounds=2)} == {200}
        files = list(tmp_path.glob("dateline.sqlite3*"))
        for path in files:
            path.rename(away / path.name)
        during = outage_load(server.port, rounds=5)
        cached, unavailable, wrong = outage_answers(during)
        # A connection opened meanwhile made an empty database in its place.
        for path in tmp_path.glob("dateline.sqlite3*"):
            path.unlink()
        for path in files:
            (away / path.name).rename(path)
        recovery = seconds_until_served(server.port, "/caucasus/?page=1&after=return")
    finally:
        server.stop()

    report_figure("database outage (SQLite file gone): cached / clean 503 / other",
                  f"{len(cached)} / {len(unavailable)} / {len(wrong)} of {len(during)}")
    assert wrong == [], json.dumps(wrong[:3], default=str)
    assert unavailable
    assert recovery < 30


def test_the_worker_rides_out_a_postgresql_crash_and_publishes_once_it_is_back(
        own_postgres, tmp_path):
    env = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path), "DATABASE_URL": own_postgres.url()}
    for args in (("migrate", "-v0"),
                 ("shell", "--no-imports", "-c", "import tests.newsroom.scenes as m; "
                  "m.schedule_stories(1, lead_seconds=20)")):
        result = dateline_command(*args, env={**env, "DJANGO_SETTINGS_MODULE":
                                              "dateline.settings.test"},
                                  cwd=REPOSITORY, timeout=600)
        assert result.returncode == 0, result.stderr
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_until_working(worker, log)
        own_postgres.crash()
        time.sleep(5)  # the task loop and the publishing clock each fail more than once
        own_postgres.start()
        published = False
        deadline = time.monotonic() + 90
        while not published and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
            with psycopg.connect(own_postgres.url()) as database:
                published = database.execute(
                    "SELECT live FROM wagtailcore_page WHERE slug = 'story-0'").fetchone()[0]
        alive = worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    output = log.read_text(errors="replace")
    assert alive, output[-3000:]
    assert published, output[-3000:]
    assert "trying again" in output
