from django.core.management.base import BaseCommand, CommandError

from dateline.newsletters import moving
from dateline.newsletters.models import Newsletter, Subscription


class Command(BaseCommand):
    help = ("Export subscribers as CSV (address, newsletter, status, dates of sign-up, "
            "confirmation and leaving, why, source), every newsletter's or one's.")

    def add_arguments(self, parser):
        parser.add_argument("--newsletter", metavar="SLUG", help="Only this newsletter.")
        parser.add_argument("--output", metavar="FILE",
                            help="Write to FILE (default: standard output).")

    def handle(self, *args, newsletter, output, **options):
        subscriptions = Subscription.objects.all()
        if newsletter:
            if not Newsletter.objects.filter(slug=newsletter).exists():
                raise CommandError(f"There is no newsletter {newsletter!r}.")
            subscriptions = subscriptions.filter(newsletter__slug=newsletter)
        if output is None:
            moving.write_csv(subscriptions, self.stdout)
            return
        with open(output, "w", newline="", encoding="utf-8") as out:
            moving.write_csv(subscriptions, out)
        self.stderr.write(f"Wrote {subscriptions.count()} subscription(s) to {output}.")
