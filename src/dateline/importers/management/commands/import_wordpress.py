from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dateline.importers.wordpress.importer import NoHomePage, WordPressImport
from dateline.importers.wordpress.media import MediaLibrary
from dateline.importers.wordpress.parse import WXRError, read_export
from dateline.importers.wordpress.site_facts import site_facts
from dateline.news.models import HomePage


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0 to 1.2, from Tools > Export in WordPress): "
        "categories become sections, tags topics, users authors, posts articles and pages "
        "plain pages, with their status, dates, slugs, featured images and a redirect from "
        "every old address. Safe to re-run: what is unchanged is skipped, what changed gets "
        "a new revision."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WordPress export file (.xml).")
        parser.add_argument(
            "--media-dir", type=Path,
            help="A copy of the old site's wp-content/uploads folder; images are read from it.",
        )
        parser.add_argument(
            "--download-media", action="store_true",
            help="Download images the uploads folder lacks from the old site (public "
                 "addresses only).",
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Read the file and report what would be imported; write nothing.",
        )

    def handle(self, *args, export, media_dir, download_media, dry_run, **options):
        wxr = self.read_export(export)
        if not dry_run:
            self.start_newsroom_if_none(export, wxr)
        library = self.media_library(media_dir, download_media)
        run = self.prepare_import(wxr, library, dry_run)
        report = self.import_with_progress(run)
        self.print_report(report)

    def read_export(self, path):
        # The whole file is read and checked before the database is touched.
        try:
            return read_export(path)
        except WXRError as error:
            raise CommandError(
                f"Cannot import {path}: {error}. Nothing was written. Export the site again "
                "from WordPress (Tools > Export > All content) and import that file."
            ) from None

    def start_newsroom_if_none(self, path, wxr):
        """A fresh database gets its newsroom first, named and timed as the export says."""
        if HomePage.objects.exists():
            return
        facts = site_facts(path, wxr)
        self.stdout.write(
            f"No newsroom yet: starting one with `dateline new_site`, named {facts.name!r} as "
            f"the export's site is, in the time zone {facts.time_zone} "
            f"({facts.time_zone_reason}), language {facts.language}. The name and time zone "
            "can be changed in Settings → Site settings.")
        call_command("new_site", name=facts.name, time_zone=facts.time_zone,
                     language=facts.language, interactive=False, stdout=self.stdout,
                     stderr=self.stderr)

    def media_library(self, media_dir, download):
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(
                f"--media-dir {media_dir} is not a folder. Copy the old site's "
                "wp-content/uploads folder here and give its path."
            )
        return MediaLibrary(media_dir=media_dir, download=download)

    def prepare_import(self, wxr, library, dry_run):
        try:
            return WordPressImport(wxr, library=library, dry_run=dry_run)
        except NoHomePage as error:
            raise CommandError(
                f"Cannot import: {error}. Start the newsroom with `dateline new_site`, or make "
                "a home page the default site's root page, then run the import again."
            ) from None

    def import_with_progress(self, run):
        console = Console(file=self.stdout, force_terminal=False)
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Importing", total=run.item_count())
            return run.run(advance=lambda: progress.advance(task))

    def print_report(self, report):
        lines = report.lines()
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
