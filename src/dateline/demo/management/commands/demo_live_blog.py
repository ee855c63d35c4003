import itertools
import time

from django.core.management.base import BaseCommand

from dateline.demo.loader import CONTENT_DIR, read_json
from dateline.news.live_updates import paragraphs, post_update
from dateline.news.models import LiveBlogPage


class Command(BaseCommand):
    help = ("The demo's live desk: posts the next update to the demo's running live blog every "
            "so often, through the publish pipeline, as an editor would from the composer.")

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=45.0,
                            help="Seconds between updates (default 45).")

    def handle(self, *args, every, **options):
        row = next(row for row in read_json(CONTENT_DIR / "live_blogs.json") if row["running"])
        for text in itertools.cycle(row["more_updates"]):
            time.sleep(every)
            blog = LiveBlogPage.objects.live().filter(slug=row["slug"]).first()
            if blog is None or blog.coverage_has_ended():
                continue  # taken down or ended in the admin: the desk waits
            author = blog.article_authors.select_related("author").first()
            post_update(blog, paragraphs(text), author=author.author if author else None)
