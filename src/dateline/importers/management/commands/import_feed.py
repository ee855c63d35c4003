import zoneinfo

from rich.progress import Progress

from django.core.management.base import BaseCommand, CommandError

from dateline.importers.feeds.filing import NoSuchSection, find_section
from dateline.importers.feeds.importing import FeedImport
from dateline.importers.feeds.polling import schedule_poll
from dateline.importers.feeds.reading import FeedError, read_feed
from dateline.importers.models import FeedSubscription


class Command(BaseCommand):
    help = (
        "Import the entries of an RSS, Atom or JSON feed (a URL or a file) as articles in a "
        "section: drafts unless --publish. Re-running updates changed entries and never "
        "duplicates. With --subscribe, the worker polls the feed every --every minutes instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="URL_OR_FILE", help="The feed's address or file.")
        parser.add_argument("--section", required=True, metavar="SLUG",
                            help="Slug of the section the articles are filed in.")
        parser.add_argument("--publish", action="store_true",
                            help="Publish dated entries at once (undated ones stay drafts).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Read the feed and report what would change, saving nothing.")
        parser.add_argument("--subscribe", action="store_true",
                            help="Create or update a subscription the worker polls, and "
                                 "enqueue its first poll, instead of importing now.")
        parser.add_argument("--every", type=int, default=60, metavar="MINUTES",
                            help="With --subscribe: minutes between polls (at least 5).")
        parser.add_argument("--time-zone", metavar="ZONE", default="",
                            help="Where dates without a time zone are read (e.g. "
                                 "Asia/Tehran); default: the site's time zone.")
        parser.add_argument("--credit-source", action="store_true",
                            help="Print \"Originally published at …\" with the entry's link "
                                 "under each story (editors can change it per story).")

    def handle(self, *args, source, section, publish, dry_run, subscribe, every, time_zone,
               credit_source, **options):
        section = self.find_section(section)
        zone = self.zone(time_zone)
        if subscribe:
            self.subscribe(source, section, publish=publish, every=every, time_zone=time_zone)
            return
        feed = self.read(source)
        report = self.import_entries(feed, section, publish=publish, dry_run=dry_run,
                                     zone=zone, show_source=credit_source)
        self.print_report(report, dry_run=dry_run)

    def zone(self, name):
        if not name:
            return None
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"{name!r} is not a time zone; give one such as Europe/London "
                               "or Asia/Tehran.") from None

    def find_section(self, slug):
        try:
            return find_section(slug)
        except NoSuchSection as error:
            raise CommandError(str(error)) from None

    def read(self, source):
        try:
            return read_feed(source)
        except FeedError as error:
            raise CommandError(str(error)) from None

    def import_entries(self, feed, section, *, publish, dry_run, zone, show_source):
        importer = FeedImport(source=feed.source, section=section, publish=publish,
                              dry_run=dry_run, zone=zone, show_source=show_source)
        with Progress(transient=True) as progress:
            task = progress.add_task(f"Importing {feed.title or feed.source}",
                                     total=len(feed.entries))
            return importer.run(feed.entries, advance=lambda: progress.advance(task))

    def subscribe(self, url, section, *, publish, every, time_zone):
        if not url.startswith(("http://", "https://")):
            raise CommandError("Only a feed's http(s) address can be subscribed to; "
                               "import a file with import_feed FILE --section SLUG.")
        if every < 5:
            raise CommandError("Poll at most every 5 minutes: give --every 5 or more.")
        subscription, created = FeedSubscription.objects.update_or_create(
            url=url, defaults={"section": section, "publish": publish, "every_minutes": every,
                               "time_zone": time_zone},
        )
        schedule_poll(subscription)
        verb = "Subscribed to" if created else "Updated the subscription to"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {url}: the worker (dateline worker) polls it now and every {every} minutes."
        ))

    def print_report(self, report, *, dry_run):
        would = "would be " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(
            f"{len(report.imported)} {would}imported, {len(report.updated)} {would}updated, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
        ))
        for label, why in report.skipped:
            self.stdout.write(f"Skipped {label[:80]!r}: {why}.", self.style.WARNING)
        for label in report.undated:
            self.stdout.write(
                f"No readable date for {label[:80]!r}: {would}imported as an undated draft.",
                self.style.WARNING,
            )
        for label, zone in report.zoneless:
            self.stdout.write(
                f"No time zone in the date of {label[:80]!r}: read as {zone} time, and "
                f"{would}left as a draft for an editor to check.", self.style.WARNING)
        for label, what in report.altered:
            self.stdout.write(f"Changed on the way in, {label[:80]!r}: {what}.")
        for label in report.published_now:
            verb = "Would publish" if dry_run else "Published"
            self.stdout.write(f"{verb} {label[:80]!r}, left as a draft by an earlier run.")
        for label, why in report.not_published:
            self.stdout.write(f"Not published {label[:80]!r}: {why}.", self.style.WARNING)
        if report.authors_created:
            self.stdout.write(f"New author pages: {', '.join(report.authors_created)}.")
        if report.authors_left_out:
            self.stdout.write(
                f"Bylines left out, as there is no author index page to file them under "
                f"(create one in the admin): {', '.join(report.authors_left_out)}.",
                self.style.WARNING,
            )
