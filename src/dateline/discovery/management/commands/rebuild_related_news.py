from rich.progress import track

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dateline.discovery.models import SearchDocument
from dateline.discovery.related.stories import refresh_similar_stories


class Command(BaseCommand):
    help = (
        "Recompute Related News (the stories most similar in content) for every published "
        "article. Publishing keeps each article's list current through `dateline worker`; run "
        "this after `rebuild_search_index`, an import outside the publishing flow, or an upgrade."
    )

    def handle(self, *args, **options):
        article_ids = self.published_article_ids()
        for article_id in track(article_ids, description="Finding related news",
                                transient=True):
            refresh_similar_stories(article_id, ripple=False)
        self.stdout.write(self.style.SUCCESS(
            f"Computed Related News for {len(article_ids)} articles."
        ))

    def published_article_ids(self):
        try:
            return list(SearchDocument.objects.order_by("article_id")
                        .values_list("article_id", flat=True))
        except DatabaseError as error:
            raise CommandError(
                f"Could not read the search index ({error}); run `dateline migrate` and "
                "`dateline rebuild_search_index` first."
            ) from error
