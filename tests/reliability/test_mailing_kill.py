"""A worker SIGKILLed again and again while sending a briefing to 2,000 recipients, restarted
each time, skips no one, and sends again only what was in flight at the kills: counted at the
SMTP server."""

import collections
import json
import signal
import subprocess
import sys
import time

import pytest

RECIPIENTS = 2000
KILLS = 10
# Messages the server takes from each worker before it is killed: the kills fall mid-send.
SENT_BEFORE_KILL = 120
# The worker keeps one connection to the mail server open.
CONNECTIONS = 1

pytestmark = pytest.mark.slow


def start_worker(database, mail_url):
    return subprocess.Popen(
        [sys.executable, "-m", "dateline", "worker", "--no-startup-delay", "--mail-every", "0.2",
         "-v0"],
        env={**database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.demo",
             "DATELINE_EMAIL_URL": mail_url, "DATELINE_EMAIL_FROM": "newsroom@example.org"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_for(predicate, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        if predicate():
            return
        time.sleep(0.005)
    pytest.fail(f"the worker did not get there within {timeout} s")


def test_killed_workers_skip_no_recipient_and_resend_only_what_was_in_flight(
        shared_database, start_mail_server, report_figure):
    server = start_mail_server()
    shared_database.scene(f"enqueue_briefing({RECIPIENTS})", module="tests.mailroom.scenes")
    unfinished = ("SELECT count(*) FROM mailroom_delivery "
                  "WHERE state IN ('pending', 'sending')")

    counts_at_kills = []
    for _kill in range(KILLS):
        worker = start_worker(shared_database, server.url())
        target = len(server.received) + SENT_BEFORE_KILL
        wait_for(lambda target=target: len(server.received) >= target, worker)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        counts_at_kills.append(len(server.received))
    worker = start_worker(shared_database, server.url())
    wait_for(lambda: shared_database.count(unfinished) == 0, worker)
    worker.terminate()
    worker.wait(timeout=30)

    recorded = json.loads(shared_database.scene(
        "report_deliveries()", module="tests.mailroom.scenes").stdout)
    copies = collections.defaultdict(list)
    for received in server.received:
        [address] = received.rcpt_tos
        copies[address].append(received.message["Message-ID"])
    skipped = sum(1 for address in recorded if address not in copies)
    duplicated = sum(len(ids) - 1 for ids in copies.values())
    report_figure("mailing kills: recipients / skipped / duplicated / kills",
                  f"{RECIPIENTS} / {skipped} / {duplicated} / {KILLS} worker SIGKILLs "
                  f"(at {', '.join(map(str, counts_at_kills))} messages received)")
    assert all(count < RECIPIENTS for count in counts_at_kills), "sent all before a kill"
    assert len(recorded) == RECIPIENTS
    assert skipped == 0
    assert duplicated <= KILLS * CONNECTIONS
    assert set(copies) == set(recorded)
    for address, (state, message_id) in recorded.items():
        assert state == "accepted", address
        # A copy sent again is the same message: every copy carries the recorded Message-ID.
        assert set(copies[address]) == {message_id}, address
