from django.core.management.base import BaseCommand, CommandError

from dateline.newsletters import privacy


class Command(BaseCommand):
    help = ("Erase one subscriber's e-mail address and every subscription of it, for a "
            "reader's request to be forgotten. Export their data first if they asked for it "
            "(export_subscriber_data).")

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--dry-run", action="store_true",
                            help="Say what would be erased, erase nothing.")

    def handle(self, *args, email, dry_run, **options):
        subscriber = privacy.find(email)
        if subscriber is None:
            raise CommandError(f"No subscriber has the address {email!r}.")
        if dry_run:
            count = subscriber.subscriptions.count()
            self.stdout.write(f"Would erase {subscriber.email} and {count} subscription(s) "
                              "(--dry-run: nothing erased).")
            return
        count = privacy.erase(subscriber)
        self.stdout.write(self.style.SUCCESS(
            f"Erased {subscriber.email} and {count} subscription(s)."))
