"""What the mail servers tell the mailroom about its recipients, for the apps whose lists they
are on.

``address_bounced(sender, address, permanent, reason)``: mail to ``address`` came back;
``permanent`` when it never will arrive (a 5xx, an unknown mailbox). ``address_complained(sender,
address)``: the address's owner marked a mail as spam.
"""

from django.dispatch import Signal

address_bounced = Signal()
address_complained = Signal()
