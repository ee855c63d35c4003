from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale

from dateline.almanac.calendar_format import parse_calendar
from dateline.almanac.models import AlmanacEntry


class Command(BaseCommand):
    help = (
        "Import a BSD calendar file (MM/DD<TAB>text, YEAR, as in /usr/share/calendar/) into "
        "the On This Day almanac. Entries arrive unapproved, for editors to check: such files "
        "contain errors. Re-running adds only entries not yet in the almanac."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The calendar file, e.g. calendar.history.")
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Read the file and report what would be imported, without saving anything.",
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE,
            help="The edition whose almanac the entries join, by language code (default: the "
                 "site's own language).",
        )

    def handle(self, *args, file, dry_run, language, **options):
        locale = self.edition(language)
        parsed = parse_calendar(self.read(Path(file)))
        new_entries, already_there = self.new_entries(parsed.entries, locale)
        if not dry_run:
            self.save(new_entries)
        self.report(parsed, new_entries, already_there, dry_run=dry_run)

    def read(self, path):
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            raise CommandError(
                f"Cannot read {path}: {error.strerror}. Give the path of a calendar file, "
                "e.g. /usr/share/calendar/calendar.history (apt-get install calendar)."
            ) from None

    def edition(self, language):
        try:
            return Locale.objects.get(language_code=language)
        except Locale.DoesNotExist:
            raise CommandError(
                f"The site has no {language!r} edition. Give --language one of "
                f"{', '.join(Locale.objects.values_list('language_code', flat=True))}."
            ) from None

    def new_entries(self, entries, locale):
        """Entries not in the edition's almanac yet (approved or not), each once."""
        existing = set(AlmanacEntry.objects.filter(locale=locale)
                       .values_list("month", "day", "year", "text"))
        new, already_there = [], 0
        for entry in entries:
            key = (entry.month, entry.day, entry.year, entry.text)
            if key in existing:
                already_there += 1
                continue
            existing.add(key)
            new.append(AlmanacEntry(locale=locale, month=entry.month, day=entry.day,
                                    year=entry.year, text=entry.text, approved=False))
        return new, already_there

    @transaction.atomic
    def save(self, entries):
        AlmanacEntry.objects.bulk_create(entries, batch_size=500)

    def report(self, parsed, new_entries, already_there, *, dry_run):
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {len(new_entries)} of {len(parsed.entries)} entries, unapproved: "
            "review them under On This Day in the admin before they appear on the site."
        ))
        if already_there:
            self.stdout.write(f"Skipped {already_there} already in the almanac.")
        if parsed.years_before_common_era:
            lines = ", ".join(str(number) for number in parsed.years_before_common_era)
            self.stdout.write(
                f"{len(parsed.years_before_common_era)} entries dated before the common era "
                f"keep the year in their text, with no year set (lines {lines})."
            )
        for reason, count in sorted(Counter(s.reason for s in parsed.skipped).items()):
            self.stdout.write(f"Skipped {count} lines: {reason}.")
        for skipped in parsed.skipped:
            self.stdout.write(f"  line {skipped.line}: {skipped.content[:80]}", self.style.WARNING)
