import itertools
import time

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from dateline.news import edition
from dateline.news.archive_seeding.filing import ArchiveClerk, SectionFull
from dateline.news.archive_seeding.newsroom import prepare_newsroom
from dateline.news.archive_seeding.writing import StoryWriter


class Command(BaseCommand):
    help = (
        "Add N made-up but realistic live articles to the site (sections, authors and topics "
        "are reused, or created when the site has none), in bulk: for load tests and "
        "benchmarks. Articles are live with no revisions, and indexed for search. Only adds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=positive, required=True, metavar="N",
                            help="How many articles to add.")
        parser.add_argument("--seed", type=int, default=1,
                            help="Random seed: the same seed writes the same stories.")
        parser.add_argument("--batch", type=positive, default=2000,
                            help="Articles written per database transaction.")

    def handle(self, *args, articles, seed, batch, **options):
        self.require_migrated_database()
        started = time.perf_counter()
        newsroom = prepare_newsroom()
        writer = StoryWriter(newsroom, seed=seed, now=timezone.now())
        self.file_stories(writer.stories(articles), articles, batch)
        # Filed without the signals publishing sends: listings' remembered counts go too.
        edition.start_new_edition()
        self.refresh_statistics()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Added {articles} articles in {len(newsroom.sections)} sections "
            f"in {seconds:.1f} s ({articles / seconds:.0f} articles/s)."
        ))

    def refresh_statistics(self):
        """The planner's statistics describe the archive just written, as they would once
        PostgreSQL's autovacuum caught up, so queries timed right after are planned as later."""
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def require_migrated_database(self):
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                "The database has unapplied migrations; run `dateline migrate` first."
            )

    def file_stories(self, stories, total, batch):
        clerk = ArchiveClerk()
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())
        with Progress(*columns, transient=True) as progress:
            task = progress.add_task("Filing articles", total=total)
            while chunk := list(itertools.islice(stories, batch)):
                try:
                    clerk.file(chunk)
                except SectionFull as error:
                    raise CommandError(
                        "A section cannot hold more pages; add sections and run again."
                    ) from error
                progress.advance(task, len(chunk))


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number
