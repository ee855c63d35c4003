"""A worker killed again and again while publishing scheduled stories, then restarted, leaves
each story live exactly once."""

import collections
import datetime
import json
import signal
import subprocess
import sys
import time

import pytest

STORIES = 200
KILL_AFTER = (20, 60, 100, 140, 180)  # scheduled publishes seen before each kill
PUBLISHED = ("SELECT count(*) FROM wagtailcore_pagelogentry "
             "WHERE action = 'wagtail.publish.scheduled'")
STILL_DUE = "SELECT count(*) FROM wagtailcore_revision WHERE approved_go_live_at IS NOT NULL"

pytestmark = pytest.mark.slow


def start_worker(database):
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "worker", "--no-startup-delay", "-v0"],
        env={**database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.demo"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_for(database, sql, predicate, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        try:
            if predicate(database.count(sql)):
                return
        except Exception:  # noqa: BLE001 - SQLite may be mid-checkpoint; ask again
            pass
        time.sleep(0.02)
    pytest.fail(f"{sql} did not come true within {timeout} s")


def test_killed_workers_publish_each_scheduled_story_exactly_once(shared_database, report_figure):
    setup = shared_database.scene(f"schedule_stories({STORIES}, lead_seconds=5)")
    last_due = datetime.datetime.fromisoformat(json.loads(setup.stdout)["last_due"])
    time.sleep(max(0, (last_due - datetime.datetime.now(datetime.UTC)).total_seconds()))

    killed_at = []
    for target in KILL_AFTER:
        worker = start_worker(shared_database)
        wait_for(shared_database, PUBLISHED,
                 lambda published, target=target: published >= target, worker)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        killed_at.append(shared_database.count(PUBLISHED))
    worker = start_worker(shared_database)
    wait_for(shared_database, STILL_DUE, lambda due: due == 0, worker)
    worker.terminate()
    worker.wait(timeout=30)

    outcome = json.loads(shared_database.scene("report_scheduled_outcome()").stdout)
    published_once = sum(1 for count in collections.Counter(
        outcome["publish_log_entries"]).values() if count == 1)
    report_figure("scheduled publishing kills: stories / live / published exactly once",
                  f"{STORIES} / {outcome['live']} / {published_once} "
                  f"after {len(KILL_AFTER)} worker SIGKILLs")
    assert all(count < STORIES for count in killed_at), "a worker finished before its kill"
    assert outcome["stories"] == outcome["live"] == STORIES
    assert outcome["live_revision_is_the_only_one"] == STORIES
    assert outcome["still_scheduled"] == 0
    assert collections.Counter(outcome["publish_log_entries"]) == dict.fromkeys(
        outcome["story_ids"], 1)
