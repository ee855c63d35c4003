"""A WordPress import killed mid-way and run again ends as if it had never been interrupted: no
article without its import record or record without its page, and a second rerun adds nothing."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import dateline_command

EXPORT = (Path(__file__).resolve().parents[3] / "shared" / "data" / "wxr"
          / "themeunittestdata.wordpress.xml")
KILLS = 3

pytestmark = pytest.mark.slow

CREATE_HOME = """
from wagtail.models import Page, Site
from dateline.news.models import HomePage
root = Page.get_first_root_node()
for page in root.get_children():
    page.delete()
home = root.add_child(instance=HomePage(title="Moving In", slug="home"))
Site.objects.all().delete()
Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
"""


@pytest.fixture
def empty_newsroom(tmp_path):
    if not EXPORT.exists():
        pytest.skip(f"{EXPORT} is missing: the shared WordPress test data is not beside the repo")
    env = {**os.environ, "DATELINE_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "dateline.settings.demo"}
    env.pop("DATABASE_URL", None)
    for args in (("migrate", "-v0"), ("shell", "-c", CREATE_HOME)):
        result = dateline_command(*args, env=env, timeout=600)
        assert result.returncode == 0, result.stderr
    return env, tmp_path / "dateline.sqlite3"


def count(database, sql):
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


POSTS_RECORDED = "SELECT count(*) FROM importers_importeditem WHERE kind = 'post'"
ARTICLES = "SELECT count(*) FROM news_articlepage"
ARTICLES_WITHOUT_RECORD = (
    "SELECT count(*) FROM news_articlepage WHERE page_ptr_id NOT IN "
    "(SELECT page_id FROM importers_importeditem WHERE page_id IS NOT NULL)"
)
# An import's record of a post whose page is gone.
RECORDS_WITHOUT_PAGE = (
    "SELECT count(*) FROM importers_importeditem WHERE page_id IS NOT NULL "
    "AND page_id NOT IN (SELECT id FROM wagtailcore_page)"
)
PAGES = "SELECT count(*) FROM wagtailcore_page"
REVISIONS = "SELECT count(*) FROM wagtailcore_revision"
DUPLICATE_SLUGS = (
    "SELECT count(*) FROM (SELECT p.path FROM wagtailcore_page p JOIN news_articlepage a "
    "ON a.page_ptr_id = p.id GROUP BY substr(p.path, 1, length(p.path) - 4), p.slug "
    "HAVING count(*) > 1)"
)


def test_killed_imports_resume_without_duplicates_or_orphans(empty_newsroom, report_figure):
    env, database = empty_newsroom
    killed_at = []
    for kill in range(1, KILLS + 1):
        process = subprocess.Popen(
            [sys.executable, "-m", "dateline", "import_wordpress", str(EXPORT)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        target = 12 * kill
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if count(database, POSTS_RECORDED) >= target:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.05)
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        killed_at.append(count(database, POSTS_RECORDED))

    finish = dateline_command("import_wordpress", str(EXPORT), env=env, timeout=600)
    assert finish.returncode == 0, finish.stderr
    finished = {sql: count(database, sql) for sql in (PAGES, REVISIONS, ARTICLES)}
    again = dateline_command("import_wordpress", str(EXPORT), env=env, timeout=600)
    assert again.returncode == 0, again.stderr

    assert killed_at == sorted(killed_at) and killed_at[0] > 0
    assert count(database, ARTICLES) == count(database, POSTS_RECORDED) == 58
    assert count(database, DUPLICATE_SLUGS) == 0
    assert "post: 0 imported, 0 updated, 58 unchanged" in again.stdout
    rerun = {sql: count(database, sql) for sql in finished}
    orphans = (count(database, ARTICLES_WITHOUT_RECORD)
               + count(database, RECORDS_WITHOUT_PAGE))
    report_figure("import kills: SIGKILLs / orphans / pages created by a rerun",
                  f"{KILLS} / {orphans} / {rerun[PAGES] - finished[PAGES]}")
    assert orphans == 0
    assert rerun == finished
