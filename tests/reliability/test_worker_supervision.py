"""A worker killed twenty times while scheduled stories fall due, and each time started again by
the supervisor `dateline demo` runs it under: no story misses its publication."""

import collections
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from dateline.server.supervisor import Supervisor
from tests.conftest import REPOSITORY

STORIES = 60
KILLS = 20
STILL_DUE = "SELECT count(*) FROM wagtailcore_revision WHERE approved_go_live_at IS NOT NULL"

pytestmark = pytest.mark.slow


def wait_for_new_worker(supervisor, killed, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process = supervisor.process
        if process is not None and process.pid != killed and process.poll() is None:
            return process
        time.sleep(0.05)
    pytest.fail(f"the supervisor did not start a worker within {timeout} s")


def test_a_supervised_worker_killed_twenty_times_misses_no_scheduled_story(shared_database,
                                                                         report_figure):
    # Due one after another, 0.4 s apart, from 8 s on: the kills land throughout.
    shared_database.scene(f"schedule_stories({STORIES}, lead_seconds=8, apart_seconds=0.4)")
    supervisor = Supervisor(
        [sys.executable, "-m", "dateline", "worker", "--no-startup-delay", "--publish-every",
         "1", "-v0"], name="worker", first_pause=0.1, longest_pause=1.0,
        env={**shared_database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.demo"},
        cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    supervisor.start()
    rng = random.Random(20261207)
    killed = None
    try:
        for _ in range(KILLS):
            worker = wait_for_new_worker(supervisor, killed)
            time.sleep(rng.uniform(0.5, 2.5))  # starting up, publishing, or idle
            os.kill(worker.pid, signal.SIGKILL)
            killed = worker.pid
        wait_for_new_worker(supervisor, killed)
        deadline = time.monotonic() + 60
        while shared_database.count(STILL_DUE) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        supervisor.stop()

    outcome = json.loads(shared_database.scene("report_scheduled_outcome()").stdout)
    published_once = sum(1 for count in collections.Counter(
        outcome["publish_log_entries"]).values() if count == 1)
    report_figure("supervised worker: SIGKILLs / restarts / stories live / published once",
                  f"{KILLS} / {supervisor.restarts} / {outcome['live']} of {STORIES} / "
                  f"{published_once}")
    assert supervisor.restarts == KILLS
    assert outcome["stories"] == outcome["live"] == STORIES
    assert outcome["still_scheduled"] == 0
    assert collections.Counter(outcome["publish_log_entries"]) == dict.fromkeys(
        outcome["story_ids"], 1)
