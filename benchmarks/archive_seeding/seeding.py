"""Seeds N made-up but realistic live articles into the database Django is configured for:
``seed_archive()`` for benchmarks and tests in process, ``main()`` behind
``python benchmarks/seed_archive.py``.

It refuses a database that holds real content unless forced: the stories it writes are live, and
on a newsroom's database readers would see them at once. Real content is any article with a
revision: every way Dateline files a story (the admin, the importers, the demo) saves one,
and the seeder never does.
"""

import argparse
import itertools
import os
import sys
import time

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class SeedingRefused(Exception):
    """Why the archive was not seeded, with the remedy."""


def seed_archive(articles, *, seed=1, batch=2000, force=False, stdout=sys.stdout):
    """Adds ``articles`` live articles in the site's sections (made when the site has none);
    returns how many seconds it took."""
    from django.utils import timezone

    from dateline.news import edition

    from .newsroom import prepare_newsroom
    from .writing import StoryWriter

    require_migrated_database()
    if not force:
        refuse_real_content()
    started = time.perf_counter()
    newsroom = prepare_newsroom()
    writer = StoryWriter(newsroom, seed=seed, now=timezone.now())
    file_stories(writer.stories(articles), articles, batch, show_progress=stdout.isatty())
    # Filed without the signals publishing sends: listings' remembered counts go too, and the
    # sitemap index's days are counted again.
    edition.start_new_edition()
    count_sitemap_days()
    refresh_statistics()
    seconds = time.perf_counter() - started
    stdout.write(f"Added {articles} articles in {len(newsroom.sections)} sections "
                 f"in {seconds:.1f} s ({articles / seconds:.0f} articles/s).\n")
    return seconds


def count_sitemap_days():
    from wagtail.models import Site

    from dateline.discovery import sitemap_counts

    for site in Site.objects.select_related("root_page"):
        sitemap_counts.count_site(site)


def refuse_real_content():
    from dateline.news.models import ArticlePage

    real = ArticlePage.objects.filter(latest_revision__isnull=False).count()
    if real:
        raise SeedingRefused(
            f"The database holds {real} articles filed the ordinary way (with revisions), so "
            "it looks like a newsroom's: seeding would publish made-up stories on it. Point "
            "DATABASE_URL (or DATELINE_DATA_DIR) at a database for benchmarks, or pass --force."
        )


def require_migrated_database():
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise SeedingRefused("The database has unapplied migrations; run `dateline migrate` "
                             "first.")


def refresh_statistics():
    """The planner's statistics describe the archive just written, as they would once
    PostgreSQL's autovacuum caught up, so queries timed right after are planned as later."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def file_stories(stories, total, batch, show_progress):
    from .filing import ArchiveClerk, SectionFull

    clerk = ArchiveClerk()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=not show_progress) as progress:
        task = progress.add_task("Filing articles", total=total)
        while chunk := list(itertools.islice(stories, batch)):
            try:
                clerk.file(chunk)
            except SectionFull as error:
                raise SeedingRefused(
                    "A section cannot hold more pages; add sections and run again."
                ) from error
            progress.advance(task, len(chunk))


def positive(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="seed_archive.py",
        description="Add N made-up but realistic live articles to the site Django's settings "
        "name (sections, authors and topics are reused, or created when the site has none), in "
        "bulk: for load tests and benchmarks. Articles are live with no revisions, and indexed "
        "for search. Only adds; refuses a database with real articles unless --force.",
    )
    parser.add_argument("--articles", type=positive, required=True, metavar="N",
                        help="How many articles to add.")
    parser.add_argument("--seed", type=int, default=1,
                        help="Random seed: the same seed writes the same stories.")
    parser.add_argument("--batch", type=positive, default=2000,
                        help="Articles written per database transaction.")
    parser.add_argument("--force", action="store_true",
                        help="Seed even a database that holds articles filed with revisions.")
    arguments = parser.parse_args(argv)
    # As the `dateline` command: production settings unless told otherwise.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.production")
    import django

    django.setup()
    try:
        seed_archive(arguments.articles, seed=arguments.seed, batch=arguments.batch,
                     force=arguments.force)
    except SeedingRefused as refusal:
        sys.exit(f"seed_archive: {refusal}")
