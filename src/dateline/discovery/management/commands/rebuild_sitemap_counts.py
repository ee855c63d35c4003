from django.core.management.base import BaseCommand

from wagtail.models import Site

from dateline.discovery import sitemap_counts


class Command(BaseCommand):
    help = (
        "Count every site's stories by day again, for the sitemap index. Publishing keeps the "
        "counts current; run this after filing stories outside the publishing flow or "
        "restoring a backup (the index also counts a site again when its counts are missing)."
    )

    def handle(self, *args, **options):
        for site in Site.objects.select_related("root_page"):
            days = sitemap_counts.count_site(site)
            stories = sum(day.stories for day in days)
            self.stdout.write(self.style.SUCCESS(
                f"{site}: {stories} stories on {len(days)} days counted."))
