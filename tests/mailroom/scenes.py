"""What the mailing kill test's `dateline shell` subprocesses do: enqueue a briefing, and say
what the database recorded, as JSON on stdout (see SharedDatabase in tests/conftest.py)."""

import json
import sys

from dateline.mailroom.bulk import enqueue_mailing
from dateline.mailroom.models import Delivery
from tests.mailroom.briefing import COMPOSER

KEY = "newsletter-issue:kill-test"


def enqueue_briefing(count):
    enqueue_mailing(key=KEY, composer=COMPOSER, subject="Morning briefing",
                    recipients=((f"reader{number}@example.org", str(number))
                                for number in range(count)))


def report_deliveries():
    sys.stdout.write(json.dumps({
        address: [state, message_id] for address, state, message_id in
        Delivery.objects.filter(mailing__key=KEY).values_list("address", "state", "message_id")
    }))
