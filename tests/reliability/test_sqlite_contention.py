"""The server and the worker writing to one database at once: editors saving and publishing
through the admin while the worker publishes scheduled stories and refreshes related news.
On SQLite every writer waits its turn (IMMEDIATE transactions, a busy timeout): no "database
is locked", no server error, and every save the admin acknowledged is in the database."""

import concurrent.futures
import json
import subprocess
import sys
import time

import pytest

from tests.conftest import REPOSITORY
from tests.reliability.serving import Editor, Server, load

EDITORS = 8
SAVES_EACH = 6
SCHEDULED = 20
DEMO = "dateline.settings.demo"  # tasks go to the database queue, for the worker to run
READERS = ["/", "/caucasus/", "/caucasus/ferry/"]
STILL_DUE = "SELECT count(*) FROM wagtailcore_revision WHERE approved_go_live_at IS NOT NULL"

pytestmark = pytest.mark.slow


def start_worker(database, log):
    with open(log, "ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "dateline", "worker", "--no-startup-delay",
             "--publish-every", "1"],
            env={**database.env, "DJANGO_SETTINGS_MODULE": DEMO}, cwd=REPOSITORY,
            stdout=output, stderr=subprocess.STDOUT,
        )


def edit_stories(port, username, password, stories):
    """Signs in through the login form, then saves and publishes each story in turn; returns
    the titles the admin acknowledged (a redirect after the post) and every answer's status."""
    editor = Editor(port, username, password)
    acknowledged, statuses = [], []
    try:
        for turn in range(SAVES_EACH):
            story = stories[turn % len(stories)]
            title = f"{username} save {turn}"
            action = "action-publish" if turn % 2 else "action-save"
            form = {**story["form"], "title": title, "action-publish": "", action: action}
            answer = editor.post(story["edit_path"], form)
            statuses.append(answer.status)
            if answer.status == 302 and "/login/" not in answer.headers["location"]:
                acknowledged.append(title)
    finally:
        editor.close()
    return acknowledged, statuses


def wait_for_scheduled_publishing(database, worker, attempts=600):
    """The number of scheduled stories still waiting once the worker has published them all,
    or after ``attempts`` looks a tenth of a second apart."""
    for _ in range(attempts):
        assert worker.poll() is None, "the worker stopped"
        left = database.count(STILL_DUE)
        if left == 0:
            break
        time.sleep(0.1)
    return left


def test_admin_saves_and_the_worker_share_the_database_without_locking_errors(
        shared_database, tmp_path, report_figure):
    built = shared_database.run(
        "shell", "--no-imports", "-c",
        "import tests.reliability.scenes as m; "
        f"m.build_staffed_newsroom({EDITORS}, 2, {SCHEDULED}, scheduled_in_seconds=5)",
        settings=DEMO)
    newsroom = json.loads(built.stdout.strip().splitlines()[-1])
    server = Server(shared_database.env, tmp_path / "serve.log", workers=2, settings=DEMO)
    worker = start_worker(shared_database, tmp_path / "worker.log")
    try:
        with concurrent.futures.ThreadPoolExecutor(EDITORS + 1) as pool:
            readers = pool.submit(load, server.port, READERS, 2, 20)
            desks = [pool.submit(edit_stories, server.port, username,
                                 newsroom["passwords"][username], stories)
                     for username, stories in newsroom["desks"].items()]
            outcomes = [desk.result() for desk in desks]
            read = readers.result()
        scheduled_left = wait_for_scheduled_publishing(shared_database, worker)
    finally:
        server.stop()
        worker.terminate()
        worker.wait(timeout=60)

    report = json.loads(shared_database.scene("report_titles()",
                                              module="tests.reliability.scenes").stdout)
    acknowledged = [title for titles, _ in outcomes for title in titles]
    statuses = [status for _, answers in outcomes for status in answers]
    statuses += [answer.status for answer in read]
    present = [title for title in acknowledged if title in report["revision_titles"]]
    logs = server.output() + (tmp_path / "worker.log").read_text(errors="replace")
    locked = logs.count("database is locked")
    server_errors = sum(status >= 500 for status in statuses)
    report_figure("write contention (server + worker): saves acknowledged / present / "
                  "'database is locked' / responses >= 500",
                  f"{len(acknowledged)} / {len(present)} / {locked} / {server_errors}")
    report_figure("write contention: scheduled stories the worker published meanwhile",
                  f"{report['scheduled_live']} of {SCHEDULED}")
    assert len(acknowledged) == EDITORS * SAVES_EACH, statuses
    assert scheduled_left == 0 and report["scheduled_live"] == SCHEDULED
    assert present == acknowledged
    assert locked == 0
    assert server_errors == 0
    assert "Traceback" not in logs
