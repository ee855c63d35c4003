from rich.progress import Progress

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dateline.discovery.search import SearchBackendUnavailable, get_search_backend


class Command(BaseCommand):
    help = (
        "Rebuild reader search's full-text index from every live article, on the database's "
        "own engine (SQLite FTS5 or PostgreSQL). Publishing keeps the index current; run this "
        "after importing stories outside the publishing flow or restoring a backup."
    )

    def handle(self, *args, **options):
        backend = self.search_backend()
        with Progress(transient=True) as progress:
            task = progress.add_task("Indexing articles", total=None)

            def track(articles, total):
                progress.update(task, total=total)
                for article in articles:
                    yield article
                    progress.advance(task)

            try:
                indexed = backend.rebuild(track=track)
            except DatabaseError as error:
                raise CommandError(
                    f"Could not rebuild the search index ({error}); run `dateline migrate` first."
                ) from error
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} articles for search."))

    def search_backend(self):
        try:
            return get_search_backend()
        except SearchBackendUnavailable as error:
            raise CommandError(str(error)) from error
