from django.core.management.base import BaseCommand, CommandError

from dateline.mailroom.bulk import SENDING_LOCK_SECONDS
from dateline.mailroom.outbox import mail_is_set_up
from dateline.mailroom.sending import send_mailings


class Command(BaseCommand):
    help = (
        "Read the bounce mailbox (DATELINE_BOUNCE_MAILDIR) and send every mailing's deliveries "
        "that are due, once, then exit: what `dateline worker` does every few seconds. Waits "
        "for a worker that is sending to finish its round."
    )

    def handle(self, *args, **options):
        if not mail_is_set_up():
            raise CommandError("E-mail is not set up: set DATELINE_EMAIL_URL and "
                               "DATELINE_EMAIL_FROM (docs/reference/settings.md).")
        outcome = send_mailings(wait=SENDING_LOCK_SECONDS)
        if outcome is None:
            raise CommandError("Another process kept sending mail for too long; try again.")
        reports, done = outcome
        self.stdout.write(f"Bounce and complaint reports acted on: {reports}. Sent: {done}.")
        if done.problem:
            raise CommandError(done.problem)
