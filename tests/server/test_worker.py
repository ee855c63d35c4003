import datetime
import re
import sqlite3
import time
from unittest import mock

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail.tasks import update_reference_index_task

from dateline.locks import exclusive
from dateline.news.models import ArticlePage
from dateline.server.management.commands.worker import PUBLISHING_LOCK_SECONDS, publish_scheduled
from tests.conftest import REPOSITORY
from tests.factories import ArticlePageFactory
from tests.reliability.serving import start_worker, wait_until_working

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default"]}}
# Longer than SQLite's busy timeout (20 s): the writes the worker tries meanwhile fail.
LOCKED_SECONDS = 25
LIVE_STORIES = "SELECT count(*) FROM wagtailcore_page WHERE slug LIKE 'story-%' AND live"


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks_from_the_database(newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    with override_settings(TASKS=DATABASE_QUEUE):
        result = update_reference_index_task.enqueue("news", "articlepage", article.pk)
        assert result.status == "READY"
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert ArticlePage.objects.filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_the_worker_in_batch_mode_first_publishes_the_stories_that_are_due(newsroom):
    if connection.vendor == "postgresql":
        pytest.skip("the worker closes a connection it finds in a transaction: the test's own")
    story = ArticlePageFactory(parent=newsroom.section, draft=True)
    story.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    story.save_revision().publish()
    later = timezone.now() + datetime.timedelta(minutes=6)
    with override_settings(TASKS=DATABASE_QUEUE), mock.patch("django.utils.timezone.now",
                                                             return_value=later):
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
    assert ArticlePage.objects.get(pk=story.pk).live


@pytest.mark.django_db
def test_a_worker_skips_the_publishing_round_another_worker_is_doing(newsroom):
    story = ArticlePageFactory(parent=newsroom.section, draft=True)
    story.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    story.save_revision().publish()
    later = timezone.now() + datetime.timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with exclusive("scheduled-publishing", PUBLISHING_LOCK_SECONDS) as held:
            assert held
            assert publish_scheduled() is None
        assert not ArticlePage.objects.get(pk=story.pk).live
        assert publish_scheduled().published == 1
    assert ArticlePage.objects.get(pk=story.pk).live


def wait_until_live(database, worker, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.poll() is None:
        if database.count(LIVE_STORIES) == 1:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_the_worker_outlasts_a_database_locked_longer_than_its_busy_timeout(
        shared_database, tmp_path):
    if shared_database.sqlite_file is None:
        pytest.skip("SQLite's database-wide write lock; PostgreSQL's outage is in "
                    "tests/reliability/test_database_outage.py")
    shared_database.scene(f"schedule_stories(1, lead_seconds={LOCKED_SECONDS + 5})")
    log = tmp_path / "worker.log"
    worker = start_worker(shared_database.env, log)
    try:
        wait_until_working(worker, log)
        with sqlite3.connect(shared_database.sqlite_file, isolation_level=None) as holder:
            holder.execute("BEGIN EXCLUSIVE")
            time.sleep(LOCKED_SECONDS)
            holder.execute("ROLLBACK")
        published = wait_until_live(shared_database, worker, timeout=60)
        alive = worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    output = log.read_text(errors="replace")
    assert alive, output[-3000:]
    assert published
    assert "database is locked" in output  # it met the lock, and carried on


@pytest.mark.database_independent
def test_the_systemd_units_in_the_deployment_guide_restart_what_dies():
    guide = (REPOSITORY / "docs" / "deploying.md").read_text()
    units = re.findall(r"```ini\n(.*?)```", guide, flags=re.DOTALL)
    services = [unit for unit in units if "ExecStart=" in unit]
    assert len(services) >= 4
    for unit in services:
        assert re.search(r"^Restart=(always|on-failure)$", unit, flags=re.MULTILINE), unit
        assert re.search(r"^RestartSec=\d+$", unit, flags=re.MULTILINE), unit
    workers = [unit for unit in services if "dateline worker" in unit]
    assert workers and all("Restart=always" in unit for unit in workers)
