from rich.progress import Progress

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
        self.stdout.write(self.style.SUCCESS("Loaded the demo newsroom, The Caspian Ledger."))
