import logging
import os
import threading
import time
from argparse import ArgumentTypeError

from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from django.db import close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

from dateline.locks import exclusive
from dateline.mailroom.bulk import SENDING_LOCK_SECONDS
from dateline.mailroom.sending import send_mailings
from dateline.newsletters.sending import send_due
from dateline.newsroom.scheduling import publish_due
from dateline.server.heartbeat import Heartbeat
from dateline.server.outage import OUTAGES

# By verbosity: 0 silent, 1 problems only, 2 every task, 3 debugging.
LOG_LEVELS = {0: logging.CRITICAL, 1: logging.WARNING, 2: logging.INFO, 3: logging.DEBUG}

# A round normally takes well under a second. Should a worker's machine die holding the Redis
# lock, the others resume publishing after this long; should a round outlast it, two workers
# may share the rest of the round, which is safe, as each page is claimed in its own transaction.
PUBLISHING_LOCK_SECONDS = 60
# After a database error the task loop waits this long, doubling up to the longest pause while
# the database stays away: SQLite's write lock held by a long save, PostgreSQL restarting.
FIRST_OUTAGE_PAUSE = 1.0
LONGEST_OUTAGE_PAUSE = 30.0

logger = logging.getLogger(__name__)


def publish_scheduled(wait=0):
    """One round of scheduled publishing, or None when another worker is doing one: with
    several workers, one publishes while the others skip the round instead of contending for
    the same rows."""
    with exclusive("scheduled-publishing", PUBLISHING_LOCK_SECONDS, wait=wait) as held:
        return publish_due() if held else None


def send_due_newsletters(wait=0):
    """One round of the newsletters' schedule (assembling due issues, handing approved ones to
    the mailroom), or None when another worker is doing one."""
    with exclusive("newsletter-schedule", PUBLISHING_LOCK_SECONDS, wait=wait) as held:
        return send_due() if held else None


class PublishingClock(threading.Thread):
    """Publishes what is due every few seconds, beside the task loop, so that a long task (an
    import) never delays a go-live. Nothing is kept between rounds: the schedule lives in the
    database, so a restarted or second worker simply carries on, and each item is its own
    transaction, so the thread may be stopped anywhere."""

    def __init__(self, every):
        super().__init__(name="publishing-clock", daemon=True)
        self.every = every

    def run(self):
        while True:
            try:
                close_old_connections()
                done = publish_scheduled()
            except Exception:
                logger.exception("Scheduled publishing failed; trying again in %s s", self.every)
                connections.close_all()
            else:
                if done and (done.published or done.expired or done.failed):
                    logger.info("Scheduled publishing: %s", done)
            try:
                send_due_newsletters()
            except Exception:
                logger.exception("The newsletters' schedule failed; trying again in %s s",
                                 self.every)
                connections.close_all()
            time.sleep(self.every)


class MailingClock(threading.Thread):
    """Reads bounces and sends mailings every few seconds, beside the task loop. Each delivery
    is recorded as it goes (dateline.mailroom.bulk), so the thread may be stopped anywhere."""

    def __init__(self, every):
        super().__init__(name="mailing-clock", daemon=True)
        self.every = every

    def run(self):
        while True:
            try:
                close_old_connections()
                done = send_mailings()
            except Exception:
                logger.exception("Sending mailings failed; trying again in %s s", self.every)
                connections.close_all()
            else:
                if done:
                    reports, sent = done
                    if sent.problem:
                        logger.error("Sending mailings stopped: %s", sent.problem)
                    elif reports or sent.accepted or sent.failed:
                        logger.info("Mailings: %s bounce reports; %s", reports, sent)
            time.sleep(self.every)


def positive_seconds(value):
    seconds = float(value)
    if not 0 < seconds < float("inf"):
        raise ArgumentTypeError("must be a number of seconds greater than zero")
    return seconds


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker: publishes scheduled pages and unpublishes expired ones "
        "as their time comes, assembles newsletter issues whose time has come, sends "
        "mailings (newsletters) and reads their bounces, and executes queued tasks (search "
        "indexing, reference index, "
        "file clean-up) from the database queue, until stopped. Logs failures; -v 2 logs "
        "every task."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--publish-every", type=positive_seconds, default=30, metavar="SECONDS",
            help="Seconds between checks for scheduled pages that are due (default: 30).",
        )
        parser.add_argument(
            "--mail-every", type=positive_seconds, default=10, metavar="SECONDS",
            help="Seconds between checks for mailings to send and bounces to read (default: 10).",
        )

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        level = LOG_LEVELS.get(verbosity, logging.DEBUG)
        for name in (TASKS_LOGGER, "django_tasks_db", __name__, "dateline.newsroom.scheduling",
                     "dateline.mailroom"):
            logging.getLogger(name).setLevel(level)

    def handle(self, *args, publish_every, mail_every, batch, reload, **options):
        if batch:
            publish_scheduled(wait=PUBLISHING_LOCK_SECONDS)
            send_due_newsletters(wait=PUBLISHING_LOCK_SECONDS)
            send_mailings(wait=SENDING_LOCK_SECONDS)
        elif not (reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"):
            # With --reload, only the reloaded child runs tasks; the watching parent stays idle.
            PublishingClock(publish_every).start()
            MailingClock(mail_every).start()
            # How `dateline check` knows a worker is running (dateline.server.heartbeat).
            Heartbeat().start()
        if batch:
            super().handle(*args, batch=batch, reload=reload, **options)
        else:
            self.run_tasks_through_outages(*args, batch=batch, reload=reload, **options)

    def run_tasks_through_outages(self, *args, **options):
        """django-tasks-db's task loop, started again after a database error instead of ending
        the worker: it survives a locked SQLite database only while it waits for a task, and
        no lost connection at all."""
        pause = FIRST_OUTAGE_PAUSE
        while True:
            started = time.monotonic()
            try:
                return super().handle(*args, **options)
            except OUTAGES as error:
                if time.monotonic() - started > LONGEST_OUTAGE_PAUSE:
                    pause = FIRST_OUTAGE_PAUSE
                logger.error("The database failed the task loop (%s); trying again in %.0f s",
                             error, pause)
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_OUTAGE_PAUSE)
