from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from wagtail.models import Site

from dateline.mailroom.letters import compose
from dateline.mailroom.outbox import MailNotSent, Outbox, mail_is_set_up


class Command(BaseCommand):
    help = (
        "Send a test letter to ADDRESS through the mail server DATELINE_EMAIL_URL names, and "
        "say whether the server accepted it (with its Message-ID) or why not."
    )

    def add_arguments(self, parser):
        parser.add_argument("address", help="Where to send the test letter.")

    def handle(self, *args, address, **options):
        self.check_address(address)
        message_id = self.send(address)
        self.stdout.write(self.style.SUCCESS(
            f"The mail server accepted the test letter to {address} (Message-ID {message_id})."))
        self.stdout.write("If it does not arrive, look in the spam folder, and check that the "
                          "mail server may send for the domain of DATELINE_EMAIL_FROM "
                          f"({settings.DEFAULT_FROM_EMAIL}): its SPF and DKIM records.")

    def check_address(self, address):
        try:
            validate_email(address)
        except ValidationError:
            raise CommandError(f"{address!r} is not an e-mail address.") from None
        if not mail_is_set_up():
            raise CommandError("E-mail is not set up: set DATELINE_EMAIL_URL and "
                               "DATELINE_EMAIL_FROM (docs/reference/settings.md).")

    def send(self, address):
        site = Site.objects.filter(is_default_site=True).first()
        message = compose("mailroom/test_letter", {
            "site_name": (site and site.site_name) or settings.WAGTAIL_SITE_NAME,
            "sender": settings.DEFAULT_FROM_EMAIL,
        }, to=[address])
        try:
            with Outbox() as outbox:
                return outbox.send(message)
        except MailNotSent as error:
            raise CommandError(f"{error} Nothing was sent.") from None
