import logging

from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

# By verbosity: 0 silent, 1 problems only, 2 every task, 3 debugging.
LOG_LEVELS = {0: logging.CRITICAL, 1: logging.WARNING, 2: logging.INFO, 3: logging.DEBUG}


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker: executes queued tasks (search indexing, reference index, "
        "file clean-up) from the database queue until stopped. Logs failures; -v 2 logs "
        "every task."
    )

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        level = LOG_LEVELS.get(verbosity, logging.DEBUG)
        for name in (TASKS_LOGGER, "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
