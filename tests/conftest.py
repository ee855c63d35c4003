import asyncio
import concurrent.futures
import datetime
import fcntl
import json
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
import uuid
from pathlib import Path

import factory.random
import pytest
import redis

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.urls import clear_url_caches
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from dateline.news.models import ArticlePage, SectionPage
from dateline.settings import engines
from tests import factories

SEED = 20261128


@pytest.fixture(autouse=True)
def fixed_seed():
    factory.random.reseed_random(SEED)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with nothing remembered from another test's database."""
    for alias in django_settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def newsroom(db):
    """A site with the page tree a newsroom has: sections, authors, topics, about, almanac."""
    return built_newsroom()


@pytest.fixture(scope="module")
def module_database(django_db_setup, django_db_blocker):
    """For a module what Django's ``TestCase.setUpTestData`` is for a class: module-scoped
    fixtures write their data once, inside an atomic block that stays open until the module's
    last test and is then rolled back. Each test's own atomic block (the ``db`` fixture) nests
    in it as a savepoint, so what a test changes is still undone after it. An import of a whole
    export is then paid once per module instead of once per test. The module's tests must be
    database tests (``pytest.mark.django_db``), for their changes to be undone."""
    with django_db_blocker.unblock():
        kept = transaction.atomic()
        kept.__enter__()
    try:
        yield django_db_blocker
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            kept.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_newsroom(module_database):
    """The ``newsroom`` fixture's site, built once for a module's tests (``module_database``)."""
    with module_database.unblock():
        factory.random.reseed_random(SEED)
        return built_newsroom()


def built_newsroom():
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


@pytest.fixture
def default_language(settings):
    """Sets the language of the edition served at / (LANGUAGE_CODE) for one test. Django's
    resolver keeps each language's reversed URLs, prefixed or not, for the process: they are
    forgotten when the language is set and again after the test."""
    def use(code):
        settings.LANGUAGE_CODE = code
        clear_url_caches()
    yield use
    clear_url_caches()


@pytest.fixture
def editions(newsroom):
    """The newsroom with a Persian edition: its front page, a section translating the
    Caucasus section, a story translating an English one and a story of its own."""
    from dateline.founding.builders import build_edition, translate

    room = newsroom
    room.fa_home = build_edition(room.home, "fa", title="روزنامه آزمون")
    room.fa_section = translate(room.section, room.fa_home,
                                SectionPage(title="قفقاز", slug="قفقاز", show_in_menus=True))
    room.story = factories.ArticlePageFactory(parent=room.section, title="The bridge opens",
                                              slug="the-bridge-opens")
    room.story.save_revision().publish()  # through the pipeline, which indexes it for search
    room.fa_story = translate(room.story, room.fa_section, ArticlePage(
        title="پل باز شد", slug="پل-باز-شد", standfirst="پل تازه رودخانه کورا امروز باز شد.",
        dateline_place="تفلیس", published_at=room.story.published_at,
        body=[("paragraph", "<p>شورای شهر تفلیس پل را پس از دو سال (2024 تا 2026) باز کرد.</p>")]))
    room.fa_only_story = factories.ArticlePageFactory(
        parent=room.fa_section, title="بازار کتاب تهران", slug="بازار-کتاب",
        standfirst="نمایشگاه کتاب امسال ۱۲ روز برپاست.")
    room.english_only_story = factories.ArticlePageFactory(
        parent=room.section, title="Only in English", slug="only-in-english")
    return room


@pytest.fixture
def desk(newsroom):
    """The newsroom's staff, one of each role, and stories in every editorial state.

    The contributor owns a draft; another contributor owns a draft and a story in review;
    the editor owns a published story.
    """
    desk = newsroom
    desk.contributor = factories.UserFactory(contributor=True, username="contributor")
    desk.other_contributor = factories.UserFactory(contributor=True, username="other-contributor")
    desk.editor = factories.UserFactory(editor=True, username="editor")
    desk.administrator = factories.UserFactory(administrator=True, username="administrator")
    desk.superuser = factories.UserFactory(superuser=True, username="superuser")

    desk.own_draft = drafted(desk, desk.contributor, "Ferry timetable changes for the winter")
    desk.others_draft = drafted(desk, desk.other_contributor, "Council votes on the bridge")
    desk.in_review = drafted(desk, desk.other_contributor, "The market moves to the square")
    desk.in_review.get_workflow().start(desk.in_review, desk.other_contributor)
    desk.published = factories.ArticlePageFactory(parent=desk.section, owner=desk.editor,
                                                  authors=[desk.author])
    desk.published.save_revision(user=desk.editor).publish(user=desk.editor)

    # Imported here: news' own tests load this file with the newsroom app not installed.
    from dateline.newsroom.models import BreakingNewsBanner

    desk.banner = BreakingNewsBanner.objects.create(
        article=desk.published, ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    desk.image = get_image_model().objects.create(
        title="The bridge at dawn", file=get_test_image_file(), uploaded_by_user=desk.editor,
    )
    return desk


def drafted(desk, owner, title):
    """A draft with two saved versions, so there is something to compare and restore."""
    article = factories.ArticlePageFactory(parent=desk.section, draft=True, owner=owner,
                                           title=title, authors=[desk.author])
    article.save_revision(user=owner)
    article.standfirst = "Rewritten after a second call to the harbour master."
    article.save_revision(user=owner)
    return article


@pytest.fixture
def editor_client(client):
    """The test client signed in as a superuser, for driving the admin."""
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-1")
    client.force_login(user)
    return client


@pytest.fixture
def draft(newsroom):
    """A draft story with a byline in the newsroom's first section."""
    return factories.ArticlePageFactory(parent=newsroom.section, draft=True,
                                        authors=[newsroom.author],
                                        title="Ferry timetable changes", slug="ferry-timetable")


REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_prefix():
    """A key prefix of the test's own in the machine's Redis, its keys removed afterwards: tests
    running side by side (pytest-xdist) never see each other's keys."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not answering at {REDIS_URL}")
    prefix = f"dateline-test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


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


def built_once(tmp_path_factory, name, build):
    """A folder that ``build(folder)`` fills once per run: the first test process to ask builds
    it while the others wait, then all use it (pytest-xdist's workers share the parent of their
    temporary folders)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / name
    built = root / f"{name}.built"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            built.touch()
    return folder


def demo_env(data_dir):
    """Environment for `dateline` commands on the demo data folder ``data_dir``."""
    env = {**os.environ, "DATELINE_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "dateline.settings.demo"}
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo newsroom as `dateline demo --no-serve` leaves it, built once per run: tests copy
    it with ``demo_copy`` instead of loading it again."""

    def build(folder):
        first_run = dateline_command("demo", "--no-serve", env=demo_env(folder / "data"),
                                     timeout=600)
        assert first_run.returncode == 0, first_run.stderr
        (folder / "first-run.json").write_text(json.dumps(
            {"args": first_run.args, "stdout": first_run.stdout, "stderr": first_run.stderr}))

    return built_once(tmp_path_factory, "demo-template", build)


def demo_copy(demo_template, data_dir):
    """A copy of the demo newsroom's data folder in ``data_dir``, and its environment."""
    shutil.copytree(demo_template / "data", data_dir, dirs_exist_ok=True)
    return demo_env(data_dir)


@pytest.fixture(scope="session")
def demo_environment(demo_template, tmp_path_factory):
    """Environment for `dateline` commands on a demo data folder of the session's own, and
    the output of the `dateline demo` that built it."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    env = demo_copy(demo_template, data_dir)
    first_run = subprocess.CompletedProcess(
        returncode=0, **json.loads((demo_template / "first-run.json").read_text()))
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
    """One migrated SQLite database that tests copy, to pay for migrating once per run."""

    def build(folder):
        env = {**os.environ, "DATELINE_DATA_DIR": str(folder),
               "DJANGO_SETTINGS_MODULE": "dateline.settings.test"}
        env.pop("DATABASE_URL", None)
        result = dateline_command("migrate", "-v0", env=env, timeout=600)
        assert result.returncode == 0, result.stderr

    return built_once(tmp_path_factory, "migrated", build) / "dateline.sqlite3"


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
    in the summary at the end of the run so that CI's log carries every measured figure. It
    travels on the test's report, which pytest-xdist's workers send to the main process."""

    def record(name, value):
        request.node.user_properties.append(("battery figure", (name, value)))

    return record


def pytest_runtest_logreport(report):
    if report.when == "teardown":
        _FIGURES.extend((report.nodeid, *figure) for key, figure in report.user_properties
                        if key == "battery figure")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "database_independent: exercises no database engine, so runs only on the SQLite pass",
    )
    if hasattr(config.option, "loadscopereorder"):
        # pytest-xdist would hand out its largest groups first, out of pytest-django's order,
        # in which each worker runs its database tests first: the browser tests' Playwright
        # keeps an event loop running that makes later database access fail, and on
        # PostgreSQL transactional tests empty the tables of what migrations put there.
        config.option.loadscopereorder = False


def on_postgresql():
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


# A test that asks for one of these, or is marked django_db or postgres, touches the database.
# (shared_database asks for transactional_db at run time, so it is named here.)
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "django_db_reset_sequences",
                     "django_db_serialized_rollback", "live_server", "shared_database"}


def touches_the_database(item):
    if "database_independent" in item.keywords:
        return False
    return bool(item.get_closest_marker("django_db") or item.get_closest_marker("postgres")
                or not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ())))


# First: pytest-xdist reads the groups in its own hook.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    if on_postgresql():
        # The PostgreSQL pass runs again only what the engine can change.
        config.hook.pytest_deselected(
            items=[item for item in items if not touches_the_database(item)])
        items[:] = [item for item in items if touches_the_database(item)]
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        group = parallel_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    """pytest-xdist (3.8) tells the main process a test's group by appending "@group" to its node
    id, through ``item._nodeid``, which pytest 9.2 no longer reads: without this, no group
    holds. Done before xdist sends the node ids."""
    if not session.config.getoption("loadgroup", False):
        return
    for item in session.items:
        groups = sorted({str(mark.args[0]) for mark in item.iter_markers("xdist_group")})
        if groups and "@" not in item.nodeid:
            named = f"{item.nodeid}@{'_'.join(groups)}"
            if hasattr(item, "_id"):
                item._id = type(item._id).parse(named)
            else:
                item._nodeid = named


def parallel_group(item):
    """The pytest-xdist group whose tests run one after another on one worker (`--dist
    loadgroup`): the browser tests share one Chromium and one served demo, but for those that
    serve a newsroom of their own (``own_site``), each its own group; a module's fixtures
    that outlive a test are built once. A group holds one kind of database test only: a worker
    runs its transactional tests, which empty the tables, after the others (pytest-django's
    order)."""
    if item.get_closest_marker("own_site"):
        group = item.nodeid
    elif item.get_closest_marker("browser"):
        group = "browser"
    elif any(fixture.scope in ("module", "class") and fixture.baseid
             for fixture in fixture_definitions(item)):
        group = item.nodeid.split("::")[0]
    else:
        return None
    return f"{group}, {database_kind(item)}"


def fixture_definitions(item):
    fixtures = getattr(item, "_fixtureinfo", None)
    if fixtures is None:
        return []
    return [fixture for name in item.fixturenames
            for fixture in fixtures.name2fixturedefs.get(name, ())]


def database_kind(item):
    marker = item.get_closest_marker("django_db")
    names = set(getattr(item, "fixturenames", ()))
    if ((marker and marker.kwargs.get("transaction"))
            or not names.isdisjoint({"transactional_db", "live_server", "shared_database"})):
        return "transactional"
    if marker or "db" in names:
        return "db"
    return "no database"


def pytest_terminal_summary(terminalreporter):
    if not _FIGURES:
        return
    terminalreporter.section("battery figures")
    for nodeid, name, value in _FIGURES:
        terminalreporter.write_line(f"{name}: {value}    ({nodeid})")


@pytest.fixture
def start_mail_server(tmp_path):
    """Starts real SMTP servers on loopback (``tests.mailserver.MailServer``) for the test:
    ``start_mail_server(encryption="starttls", users={"desk": "secret"})``. Servers with TLS
    use a self-signed certificate at ``start_mail_server.certificate.path``."""
    # Imported here: the lowest-versions smoke run installs no mail server.
    from tests.mailserver import Certificate, MailServer

    servers = []
    certificate = None

    def start(**options):
        nonlocal certificate
        if options.get("encryption", "off") != "off" and certificate is None:
            certificate = start.certificate = Certificate(tmp_path)
        server = MailServer(free_port(), certificate=certificate, **options)
        servers.append(server.__enter__())
        return server

    start.certificate = None
    yield start
    for server in servers:
        server.__exit__(None, None, None)


def send_mail_through(settings, monkeypatch, url, sender="Dateline <newsroom@example.org>"):
    """Points the site's mail at ``url`` the way an operator does, through DATELINE_EMAIL_URL
    and DATELINE_EMAIL_FROM, read by the settings' own parser."""
    monkeypatch.setenv("DATELINE_EMAIL_URL", url)
    monkeypatch.setenv("DATELINE_EMAIL_FROM", sender)
    for name, value in engines.mail().items():
        setattr(settings, name, value)


@pytest.fixture
def mail_server(start_mail_server, settings, monkeypatch):
    """A plain SMTP server on loopback that the site sends its mail to; its ``received`` list
    holds every message it accepted."""
    server = start_mail_server()
    send_mail_through(settings, monkeypatch, server.url())
    return server
