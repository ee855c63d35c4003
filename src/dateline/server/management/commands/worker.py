from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker: executes queued tasks (search indexing, reference index, "
        "file clean-up) from the database queue until stopped."
    )
