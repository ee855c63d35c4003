"""Mailings: one message composed for each of many recipients (a newsletter's issue), and the
record of each recipient's delivery, which is what lets a killed sender resume without
skipping anyone (dateline.mailroom.bulk)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mailing(models.Model):
    class State(models.TextChoices):
        SENDING = "sending", _("Sending")
        FINISHED = "finished", _("Finished")

    # The caller's name for it ("newsletter-issue:42"): enqueuing the same key twice is one
    # mailing.
    key = models.CharField(_("key"), max_length=200, unique=True)
    # Dotted path of compose(mailing, delivery) -> EmailMultiAlternatives.
    composer = models.CharField(_("composer"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.SENDING)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self):
        return self.key


class Delivery(models.Model):
    """One recipient's copy of a mailing. pending → sending (Message-ID recorded, handed to the
    mail server) → accepted (the server said 250) or failed (refused for good, or ``temporary``:
    refused for now too many times); a soft refusal goes back to pending with a later
    ``next_attempt_at``; an accepted message that a report says cannot be delivered, for good,
    has bounced."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        ACCEPTED = "accepted", _("Accepted")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries",
                                verbose_name=_("mailing"))
    address = models.CharField(_("address"), max_length=254)
    # The caller's own reference for the recipient (a subscription's pk), opaque to the mailroom.
    recipient_ref = models.CharField(_("recipient reference"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.PENDING)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    # Failed after temporary refusals only: the server may take it when asked again.
    temporary = models.BooleanField(_("temporary failure"), default=False)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "address"],
                                    name="mailroom_one_delivery_per_address"),
        ]
        indexes = [
            # The sender's question: what is due, oldest first.
            models.Index(fields=["state", "next_attempt_at"], name="mailroom_delivery_due"),
            # A bounce names the Message-ID it answers.
            models.Index(fields=["message_id"], name="mailroom_delivery_message_id"),
        ]

    def __str__(self):
        return f"{self.mailing.key} → {self.address}"
