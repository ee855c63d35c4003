from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dateline.newsletters import moving
from dateline.newsletters.models import Newsletter


class Command(BaseCommand):
    help = (
        "Import subscribers into a newsletter from a CSV export of Mailchimp (an audience's "
        "subscribed, unsubscribed or cleaned file), Substack (the subscribers' e-mail list) or "
        "Ghost (members). Consent is kept: subscribed addresses are confirmed as of their "
        "sign-up date, the others recorded as unsubscribed. A malformed file imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The export, a CSV file.")
        parser.add_argument("--newsletter", required=True, metavar="SLUG",
                            help="The newsletter to import into (its slug).")
        parser.add_argument("--format", choices=["auto", *moving.FORMATS], default="auto",
                            help="Which service the file comes from (default: told by its "
                                 "columns).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Read and check the file, import nothing.")

    def handle(self, *args, file, newsletter, format, dry_run, **options):
        target = self.newsletter(newsletter)
        kind, records = self.read(file, format)
        if dry_run:
            self.stdout.write(f"{len(records)} address(es) in the {kind.label} file read "
                              "without a problem; nothing imported (--dry-run).")
            return
        result = moving.import_records(kind, records, target)
        self.stdout.write(self.style.SUCCESS(
            f"Imported from {result.service} into {target.name}: {result.subscribed} "
            f"subscribed, {result.unsubscribed} unsubscribed, {result.kept_unsubscribed} left "
            "unsubscribed as they had left here."))

    def newsletter(self, slug):
        found = Newsletter.objects.filter(slug=slug).first()
        if found is None:
            slugs = ", ".join(Newsletter.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"There is no newsletter {slug!r}; the newsletters are: {slugs}.")
        return found

    def read(self, file, format_name):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            return moving.read(data, format_name)
        except moving.ImportRefused as error:
            raise CommandError(str(error)) from None
