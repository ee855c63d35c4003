"""Publishing through the admin is one transaction: a process killed at random moments while it
publishes never leaves a story whose live content, revisions, log and schedule disagree."""

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPOSITORY

STORIES = 3
KILLS = 50
PUBLISHES = "SELECT count(*) FROM wagtailcore_pagelogentry WHERE action = 'wagtail.publish'"

pytestmark = pytest.mark.slow


def test_killing_a_publishing_process_never_leaves_a_story_half_published(shared_database,
                                                                          report_figure):
    shared_database.scene(f"publish_stories({STORIES})")
    before = shared_database.count(PUBLISHES)
    publisher = subprocess.Popen(
        [sys.executable, "-m", "dateline", "shell", "--no-imports", "-c",
         "import tests.newsroom.scenes as m; m.keep_publishing()"],
        env={**shared_database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.test"},
        cwd=REPOSITORY,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    rng = random.Random(20261128)
    try:
        for _ in range(KILLS):
            child = publisher.stdout.readline()
            assert child, publisher.stderr.read()
            # The child has signed in and is about to publish; a publish takes a few tenths of a
            # second (more on a loaded machine), so kills land before, during and after them.
            time.sleep(rng.uniform(0.05, 1.5))
            os.kill(int(child), signal.SIGKILL)
    finally:
        publisher.kill()
        publisher.wait(timeout=30)

    report = json.loads(shared_database.scene("report_disagreements()").stdout)
    published = shared_database.count(PUBLISHES) - before
    # Most kills land mid-publish; some publishes must complete for the check to mean anything.
    assert published >= KILLS // 5, "the children were killed before they could publish"
    report_figure("publish kills: SIGKILLs / publishes completed / stories disagreeing",
                  f"{KILLS} / {published} / {len(report['disagreements'])}")
    assert report["disagreements"] == [], f"after {published} publishes and {KILLS} kills"
