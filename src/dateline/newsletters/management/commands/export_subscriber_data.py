import json

from django.core.management.base import BaseCommand, CommandError

from dateline.newsletters import privacy


class Command(BaseCommand):
    help = ("Print, as JSON, everything kept about one subscriber's e-mail address: for a "
            "reader's request to see their data.")

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        subscriber = privacy.find(email)
        if subscriber is None:
            raise CommandError(f"No subscriber has the address {email!r}.")
        self.stdout.write(json.dumps(privacy.subscriber_data(subscriber), indent=2,
                                     ensure_ascii=False))
