from rich.progress import Progress

from django.core.management import call_command
from django.core.management.base import BaseCommand

from dateline.demo.loader import DemoNewsroom


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (The Caspian Ledger: sections, authors, articles, almanac) "
        "into an empty database. Does nothing when a home page already exists."
    )

    def handle(self, *args, **options):
        with Progress(transient=True) as progress:
            newsroom = DemoNewsroom(progress=progress)
            if newsroom.is_loaded():
                self.stdout.write("The database already has a newsroom; nothing loaded.")
                return
            newsroom.load()
        # Readers see Related News by content at once, not after the worker's first round.
        call_command("rebuild_related_news", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Loaded the demo newsroom, The Caspian Ledger."))
