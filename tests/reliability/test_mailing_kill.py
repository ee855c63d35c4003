"""A worker SIGKILLed again and again while sending a briefing to 2,000 recipients through
several connections, restarted each time, skips no one, and sends again only what was in
flight at the kills (at most one message per open connection): counted at the SMTP server.

The senders are forked from one process that set Django up once (``mail_sender``), so that ten
kills cost ten forks rather than ten start-ups of the site; each runs the worker's own mail
round, and is killed at a random count of messages received, without any sleep."""

import collections
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import REPOSITORY

RECIPIENTS = 2000
KILLS = 10
# Messages the server takes from each sender before it is killed, drawn from this range with a
# fixed seed: the kills fall at different moments of a send, and all before its end.
SENT_BEFORE_KILL = (1, 150)
SEED = 21
# Each sender keeps this many connections to the mail server open.
CONNECTIONS = 3

pytestmark = pytest.mark.slow


class Senders:
    """The forking sender process, and the commands the test gives it."""

    def __init__(self, database, mail_url):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.mail_sender"],
            env={**database.env, "DJANGO_SETTINGS_MODULE": "dateline.settings.demo",
                 "DATELINE_EMAIL_URL": mail_url, "DATELINE_EMAIL_FROM": "newsroom@example.org",
                 "DATELINE_MAIL_CONNECTIONS": str(CONNECTIONS)},
            cwd=REPOSITORY, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.started = []

    def send(self):
        """Starts a sender; its pid."""
        self.started.append(int(self.ask("send")))
        return self.started[-1]

    def reap(self, pid):
        """Waits for the sender to end; its exit status."""
        status = self.ask(f"reap {pid}")
        self.started.remove(pid)
        return status

    def ask(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, "the sender process died"
        return answer.strip()

    def close(self):
        # A test that failed half-way leaves no sender behind; only unreaped ones are killed
        # (a reaped one's pid may belong to another process by now).
        for pid in self.started:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.stdin.close()
        self.process.wait(timeout=60)


def wait_until(predicate, timeout=300):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"not there within {timeout} s"
        time.sleep(0.002)


def test_killed_workers_skip_no_recipient_and_resend_only_what_was_in_flight(
        shared_database, start_mail_server, report_figure):
    server = start_mail_server()
    senders = Senders(shared_database, server.url())
    try:
        senders.ask(f"scene enqueue_briefing({RECIPIENTS})")
        draw = random.Random(SEED)
        counts_at_kills = []
        for _kill in range(KILLS):
            target = len(server.received) + draw.randint(*SENT_BEFORE_KILL)
            sender = senders.send()
            wait_until(lambda target=target: len(server.received) >= target)
            os.kill(sender, signal.SIGKILL)
            assert senders.reap(sender) == str(-signal.SIGKILL)
            counts_at_kills.append(len(server.received))
        # The last sender runs to the end: nothing is left due when it exits.
        assert senders.reap(senders.send()) == "0"
        recorded = json.loads(senders.ask("scene report_deliveries()"))
    finally:
        senders.close()

    copies = collections.defaultdict(list)
    for received in server.received:
        [address] = received.rcpt_tos
        copies[address].append(received.message["Message-ID"])
    skipped = sum(1 for address in recorded if address not in copies)
    duplicated = sum(len(ids) - 1 for ids in copies.values())
    report_figure("mailing kills: recipients / skipped / duplicated / kills",
                  f"{RECIPIENTS} / {skipped} / {duplicated} / {KILLS} sender SIGKILLs, "
                  f"{CONNECTIONS} connections each "
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
