"""Resetting a forgotten password: by e-mail once e-mail is set up, and until then by asking an
administrator, who can set one in the admin or with ``dateline changepassword USERNAME``.

Wagtail's reset form says a link was sent whatever happens to the mail. Without a mail server
that is a promise nobody keeps, so the form is replaced by a page that says how to get back in.
"""

from django.conf import settings
from django.template.response import TemplateResponse

from wagtail.admin.views.account import PasswordResetView, password_reset_enabled

# Sends nothing: the base settings' backend until e-mail is configured.
NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def mail_is_set_up():
    return settings.EMAIL_BACKEND != NO_MAIL


class PasswordResetByMailOrAdministrator(PasswordResetView):
    def dispatch(self, request, *args, **kwargs):
        if password_reset_enabled() and not mail_is_set_up():
            return TemplateResponse(request, "newsroom/password_reset_without_mail.html")
        return super().dispatch(request, *args, **kwargs)
