"""Resetting a forgotten password: by e-mail once e-mail is set up, and until then by asking an
administrator, who can set one in the admin or with ``dateline changepassword USERNAME``.

Wagtail's reset form says a link was sent whatever happens to the mail. Without a mail server
that is a promise nobody keeps, so the form is replaced by a page that says how to get back in.
With one, the link (Django's token: it dies once the password changes, or after
``PASSWORD_RESET_TIMEOUT``) is sent as a letter with a plain-text and an HTML part, and points
at the public address. The page answers the same whether or not the address has an account.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.urls import reverse

from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.admin.views.account import PasswordResetView, password_reset_enabled

from dateline.mailroom.letters import address, compose
from dateline.mailroom.outbox import MailNotSent, Outbox, mail_is_set_up
from dateline.newsroom.invitations import site_name

__all__ = ["PasswordResetByMailOrAdministrator", "ResetLinkForm", "mail_is_set_up"]

logger = logging.getLogger(__name__)

# One reset letter per account in this time, however often the form is sent: the form must
# not become a way to fill someone's inbox.
RESEND_AFTER_SECONDS = 300


class ResetLinkForm(PasswordResetForm):
    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        user = context["user"]
        key = "newsroom-password-reset:" + hashlib.sha256(str(user.pk).encode()).hexdigest()
        if not cache.add(key, True, RESEND_AFTER_SECONDS):
            return
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailadmin_password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        message = compose("newsroom/mail/password_reset", {
            "user": user, "username": user.get_username(), "link": link,
            "site_name": site_name(), "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }, to=[address(user.get_full_name(), to_email)],
            headers={"Auto-Submitted": "auto-generated"})
        try:
            with Outbox() as outbox:
                outbox.send(message)
        except MailNotSent as error:
            cache.delete(key)
            # Said to the operator only: telling the visitor would tell them the address has
            # an account.
            logger.error("The password reset link for user %s was not sent: %s", user.pk, error)


class PasswordResetByMailOrAdministrator(PasswordResetView):
    def dispatch(self, request, *args, **kwargs):
        if password_reset_enabled() and not mail_is_set_up():
            return TemplateResponse(request, "newsroom/password_reset_without_mail.html")
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return ResetLinkForm
