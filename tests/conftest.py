import asyncio
import concurrent.futures
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import factory.random
import pytest

from django.apps import apps
from django.core.cache import cache
from django.db import connection

from tests import factories

SEED = 20261128


@pytest.fixture(autouse=True)
def fixed_seed():
    factory.random.reseed_random(SEED)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing remembered from another test's database."""
    cache.clear()


@pytest.fixture
def newsroom(db):
    """A site with the page tree a newsroom has: sections, authors, topics, about, almanac."""
    site, settings = factories.fresh_site()
    home = site.root_page.specific

    class Newsroom:
        pass

    room = Newsroom()
    room.site = site
    room.settings = settings
    room.home = home
    room.section = factories.SectionPageFactory(parent=home, title="Caucasus", slug="caucasus")
    room.other_section = factories.SectionPageFactory(parent=home, title="World", slug="world")
    room.authors = factories.AuthorIndexPageFactory(parent=home)
    room.author = factories.AuthorPageFactory(parent=room.authors, title="Nino Kapanadze")
    room.topics = factories.TopicIndexPageFactory(parent=home)
    room.topic = factories.TopicPageFactory(parent=room.topics, title="Water", slug="water")
    room.about = factories.PlainPageFactory(parent=home)
    # The almanac's page when the almanac is installed: news' tests also run without it.
    room.on_this_day = None
    if apps.is_installed("dateline.almanac"):
        from tests.almanac.factories import OnThisDayPageFactory

        room.on_this_day = OnThisDayPageFactory(parent=home)
    return room


def run_on_a_new_loop(coroutine):
    """Runs the coroutine on an event loop of its own, in a thread of its own: the browser
    tests' Playwright keeps an event loop running in the main thread for the whole session."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, coroutine).result()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url, process, timeout=240):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def dateline_command(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "dateline", *args], env=env, capture_output=True, text=True,
        check=False, **kwargs,
    )


@pytest.fixture(scope="session")
def demo_environment(tmp_path_factory):
    """Environment for `dateline` commands on a fresh demo data folder."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    env = {**os.environ, "DATELINE_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "dateline.settings.demo"}
    env.pop("DATABASE_URL", None)
    first_run = dateline_command("demo", "--no-serve", env=env, timeout=600)
    assert first_run.returncode == 0, first_run.stderr
    return {"env": env, "data_dir": data_dir, "first_run": first_run}


@pytest.fixture(scope="session")
def live_demo(demo_environment):
    """The demo newsroom served by `dateline serve` on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "2"],
        env=demo_environment["env"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url + "/", process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)


REPOSITORY = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory):
    """One migrated SQLite database that tests copy, to pay for migrating once."""
    folder = tmp_path_factory.mktemp("migrated")
    env = {**os.environ, "DATELINE_DATA_DIR": str(folder),
           "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
    env.pop("DATABASE_URL", None)
    result = dateline_command("migrate", "-v0", env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return folder / "dateline.sqlite3"


class SharedDatabase:
    """A database that `dateline` subprocesses and the test both reach: a SQLite file, or on
    PostgreSQL the test's own database, made transactional so that its data is committed."""

    def __init__(self, env, sqlite_file=None):
        self.env = env
        self.sqlite_file = sqlite_file

    def run(self, *args, settings="dateline.settings.test", timeout=600):
        env = {**self.env, "DJANGO_SETTINGS_MODULE": settings}
        result = dateline_command(*args, env=env, cwd=REPOSITORY, timeout=timeout)
        assert result.returncode == 0, result.stderr
        return result

    def scene(self, call, module="tests.newsroom.scenes"):
        """Runs ``module.call`` in a `dateline shell`, for setting up and inspecting."""
        return self.run("shell", "--no-imports", "-c", f"import {module} as m; m.{call}")

    def count(self, sql):
        if self.sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]
        with sqlite3.connect(self.sqlite_file, timeout=30) as database:
            return database.execute(sql).fetchone()[0]


@pytest.fixture
def shared_database(request, tmp_path):
    env = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path)}
    if connection.vendor == "postgresql":
        # pytest-django picks a transactional test from the marker, not from a fixture asked
        # for at run time: without it the test runs in a transaction that never sees the end
        # of the subprocesses' committed rows, and leaves them for the next test.
        request.applymarker(pytest.mark.django_db(transaction=True))
        request.getfixturevalue("transactional_db")
        database = connection.settings_dict
        credentials = urllib.parse.quote(database["USER"] or "")
        if database["PASSWORD"]:
            credentials += ":" + urllib.parse.quote(database["PASSWORD"])
        env["DATABASE_URL"] = (f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:"
                               f"{database['PORT'] or 5432}/{database['NAME']}")
        return SharedDatabase(env)
    env.pop("DATABASE_URL", None)
    sqlite_file = tmp_path / "dateline.sqlite3"
    shutil.copyfile(request.getfixturevalue("migrated_sqlite_file"), sqlite_file)
    return SharedDatabase(env, sqlite_file)


_FIGURES = []


@pytest.fixture
def report_figure(request):
    """Records a battery figure (``report_figure("uploads refused", "1,204 of 1,204")``), printed
    in the summary at the end of the run so that CI's log carries every measured figure."""

    def record(name, value):
        _FIGURES.append((request.node.nodeid, name, value))

    return record


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "database_independent: exercises no database engine, so runs only on the SQLite pass",
    )


def pytest_collection_modifyitems(config, items):
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        skip = pytest.mark.skip(reason="database-independent: already run on the SQLite pass")
        for item in items:
            if "database_independent" in item.keywords:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not _FIGURES:
        return
    terminalreporter.section("battery figures")
    for nodeid, name, value in _FIGURES:
        terminalreporter.write_line(f"{name}: {value}    ({nodeid})")
