"""What the mailroom learns about recipients, for the apps that keep the lists (newsletters):
``address_bounced(sender, address, permanent, reason)``, where a permanent bounce means the
address will never take mail, and ``address_complained(sender, address)``, a recipient who
marked a message as spam. ``sender`` names where it was learnt: "smtp" (the mail server
refused the recipient while sending), "mailbox" (a report in DATELINE_BOUNCE_MAILDIR) or
"webhook"."""

from django.dispatch import Signal

address_bounced = Signal()
address_complained = Signal()
