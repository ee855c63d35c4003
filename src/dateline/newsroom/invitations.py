"""Staff invitations: an administrator invites an e-mail address to a role, and whoever holds
the link sent there makes their own account and password. No password travels by mail.

The link carries a random token; only its SHA-256 digest is stored, so the database cannot hand
out working links. A link works until it expires (``DATELINE_INVITATION_DAYS``) and only once:
taking up the invitation marks it accepted. Re-sending makes a new token, which kills the old
link; withdrawing deletes the invitation.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import Site

from dateline.mailroom.letters import address, compose
from dateline.mailroom.outbox import Outbox

# The roles an invitation may give: the groups of newsroom migration 0002_roles, by name, each
# with the name of one member.
ROLES = {
    "Contributors": _("Contributor"),
    "Editors": _("Editor"),
    "Administrators": _("Administrator"),
}
ROLE_DESCRIPTIONS = {
    "Contributors": _("Writes and edits their own stories; an editor publishes them."),
    "Editors": _("Edits and publishes every story, runs the banner and the almanac."),
    "Administrators": _("Everything editors do, plus sites, workflows and collections."),
}


def role_groups():
    """The roles' groups, least rights first."""
    order = models.Case(*(models.When(name=name, then=position)
                          for position, name in enumerate(ROLES)))
    return Group.objects.filter(name__in=ROLES).order_by(order)


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not yet taken up, expired or not."""
        return self.filter(accepted_at__isnull=True)


class Invitation(models.Model):
    """An offer to join the staff in a role, taken up through the link sent to ``email``."""

    email = models.EmailField(_("e-mail address"))
    role = models.ForeignKey(Group, verbose_name=_("role"), on_delete=models.CASCADE,
                             related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the latest link was mailed; empty while it was handed to the administrator instead.
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff invitation")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Lower("email"), condition=models.Q(accepted_at__isnull=True),
                                    name="newsroom_one_open_invitation_per_address"),
        ]

    def __str__(self):
        return self.email

    @property
    def role_name(self):
        return ROLES.get(self.role.name, self.role.name)

    @property
    def expired(self):
        return self.expires_at <= timezone.now()

    @property
    def inviter_name(self):
        if self.invited_by is None:
            return site_name()
        return self.invited_by.get_full_name() or self.invited_by.get_username()


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invite(email, role, invited_by):
    """A new invitation and its link (the only time the link exists in full)."""
    invitation = Invitation(email=email, role=role, invited_by=invited_by)
    link = _new_link(invitation)
    with transaction.atomic():
        invitation.save()
    return invitation, link


def renew(invitation):
    """A new link for an open invitation, valid from now; the old link stops working."""
    link = _new_link(invitation)
    invitation.sent_at = None
    invitation.save(update_fields=["token_digest", "expires_at", "sent_at"])
    return link


def _new_link(invitation):
    token = secrets.token_urlsafe(32)
    invitation.token_digest = digest(token)
    invitation.expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS)
    # The public address, never the host the administrator's request happened to use.
    return (settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("newsroom_accept_invitation", args=[token]))


def send(invitation, link):
    """Mails the link to the invitee, replies going to whoever invited them; records when.
    Raises ``MailNotSent`` when the mail server cannot take it."""
    inviter = invitation.invited_by
    reply_to = []
    if inviter and inviter.email:
        reply_to = [address(invitation.inviter_name, inviter.email)]
    message = compose("newsroom/mail/invitation", {
        "invitation": invitation, "link": link, "site_name": site_name(),
        "inviter": invitation.inviter_name, "role": invitation.role_name,
    }, to=[invitation.email], reply_to=reply_to, headers={"Auto-Submitted": "auto-generated"})
    with Outbox() as outbox:
        message_id = outbox.send(message)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    return message_id


def find(token):
    """The invitation a link's token belongs to, taken up or not, or None."""
    return Invitation.objects.select_related("role").filter(token_digest=digest(token)).first()


class InvitationClosed(Exception):
    """The invitation was taken up, or expired, while its form was being filled in."""


def accept(invitation, account_form):
    """Makes the account the form describes, in the invitation's role, and closes the
    invitation, all in one transaction: a link used twice at once makes one account."""
    with transaction.atomic():
        current = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if current.accepted_at is not None or current.expired:
            raise InvitationClosed
        user = account_form.save(commit=False)
        user.email = current.email
        user.save()
        user.groups.add(current.role)
        current.accepted_at = timezone.now()
        current.user = user
        current.save(update_fields=["accepted_at", "user"])
        # In the user's history (Settings → Users), as an account added in the admin is.
        log(user, "wagtail.create", user=user)
    return user


def has_account(email):
    return get_user_model().objects.filter(email__iexact=email).exists()


def site_name():
    site = Site.objects.filter(is_default_site=True).first()
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME
