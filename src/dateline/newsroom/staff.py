"""The staff pages of the admin: invitations (Settings → Staff invitations, and an "Invite staff"
button on Settings → Users), and the page where an invitee takes up an invitation.

Only those who may add users may invite, re-send or withdraw: by the roles of migration
0002_roles, superusers (whoever may edit users may make anyone a superuser).

Without e-mail, or when the mail server refuses, the administrator is shown the link once to
hand over themselves: the invitation still works, and nothing is pretended.
"""

from django import forms
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry
from wagtail.users.views.users import IndexView as UsersIndexView
from wagtail.users.views.users import UserViewSet

from dateline.mailroom.outbox import MailNotSent, mail_is_set_up
from dateline.newsroom import invitations
from dateline.newsroom.invitations import Invitation, InvitationClosed

# The account a taken-up invitation signs in: the sign-in throttle's backend wants the
# sign-in form's credentials, which an invitee has just chosen rather than typed.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def may_invite(user):
    return policy_registry.get_by_type(get_user_model()).user_has_permission(user, "add")


class StaffUsersIndexView(UsersIndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if may_invite(self.request.user):
            buttons.append(HeaderButton(gettext_lazy("Invite staff"), icon_name="mail",
                                        url=reverse("newsroom_invite")))
        return buttons


class StaffUserViewSet(UserViewSet):
    index_view_class = StaffUsersIndexView


class RoleField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        return f"{invitations.ROLES[group.name]}: {invitations.ROLE_DESCRIPTIONS[group.name]}"


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = RoleField(queryset=invitations.role_groups(), label=gettext_lazy("Role"),
                     widget=forms.RadioSelect, empty_label=None)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if invitations.has_account(email):
            raise forms.ValidationError(
                _("%(email)s already has an account: change its role under Settings → Users.")
                % {"email": email})
        if Invitation.objects.open().filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s is invited already: re-send or withdraw that invitation from the "
                  "list of staff invitations.") % {"email": email})
        return email


class InvitingView(WagtailAdminTemplateMixin):
    """Admin pages for those who may add users."""

    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not may_invite(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
            {"url": reverse("newsroom_invitations"), "label": _("Staff invitations")},
        ]

    def deliver(self, invitation, link):
        """Mails the link, or shows it once to hand over by hand and says why."""
        if mail_is_set_up():
            try:
                invitations.send(invitation, link)
            except MailNotSent as error:
                return self.hand_over(invitation, link, str(error))
            messages.success(self.request, _("Invitation sent to %(email)s.")
                             % {"email": invitation.email})
            return redirect("newsroom_invitations")
        return self.hand_over(invitation, link, _(
            "E-mail is not set up on this site (DATELINE_EMAIL_URL), so no mail was sent."))

    def hand_over(self, invitation, link, why):
        self.page_title = _("Hand over the invitation")
        context = self.get_context_data()
        context["breadcrumbs_items"] = InvitingView.get_breadcrumbs_items(self) + [
            {"url": "", "label": self.page_title}]
        return TemplateResponse(self.request, "newsroom/invitations/hand_over.html", {
            **context, "invitation": invitation, "link": link, "why": why})


class InvitationsView(InvitingView, TemplateView):
    template_name = "newsroom/invitations/index.html"
    page_title = gettext_lazy("Staff invitations")

    def get_header_buttons(self):
        return [HeaderButton(_("Invite staff"), icon_name="plus", url=reverse("newsroom_invite"))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitations=Invitation.objects.open().select_related("role", "invited_by"),
            mail_is_set_up=mail_is_set_up(), **kwargs)


class InviteView(InvitingView, FormView):
    template_name = "newsroom/invitations/invite.html"
    page_title = gettext_lazy("Invite staff")
    form_class = InvitationForm

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(mail_is_set_up=mail_is_set_up(), **kwargs)

    def form_valid(self, form):
        try:
            invitation, link = invitations.invite(form.cleaned_data["email"],
                                                  form.cleaned_data["role"], self.request.user)
        except IntegrityError:
            # Another administrator invited the same address a moment ago.
            form.add_error("email", _("This address was invited a moment ago."))
            return self.form_invalid(form)
        return self.deliver(invitation, link)


class OpenInvitationView(InvitingView, View):
    http_method_names = ["post"]

    def invitation(self):
        return get_object_or_404(Invitation.objects.open(), pk=self.kwargs["pk"])


class ResendInvitationView(OpenInvitationView):
    def post(self, request, pk):
        invitation = self.invitation()
        return self.deliver(invitation, invitations.renew(invitation))


class WithdrawInvitationView(OpenInvitationView):
    def post(self, request, pk):
        invitation = self.invitation()
        invitation.delete()
        messages.success(request, _("The invitation to %(email)s is withdrawn; its link no longer "
                                    "works.") % {"email": invitation.email})
        return redirect("newsroom_invitations")


class NewAccountForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "first_name", "last_name")

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        # The password may not resemble the address either.
        self.instance.email = invitation.email
        self.fields["first_name"].required = True
        self.fields["username"].help_text = _(
            "What you sign in with. Letters, digits and @ . + - _ only.")


class AcceptInvitationView(FormView):
    """Public: whoever holds the link chooses a user name and password, and is signed in."""

    template_name = "newsroom/invitations/accept.html"
    form_class = NewAccountForm
    success_url = reverse_lazy("wagtailadmin_home")

    def dispatch(self, request, token):
        self.invitation = invitations.find(token)
        if self.invitation is None:
            return self.closed("unknown", status=404)
        if self.invitation.accepted_at is not None:
            return self.closed("used")
        if self.invitation.expired:
            return self.closed("expired")
        return super().dispatch(request, token)

    def closed(self, why, status=410):
        return TemplateResponse(self.request, "newsroom/invitations/closed.html",
                                {"why": why, "invitation": self.invitation}, status=status)

    def get_initial(self):
        return {"username": self.invitation.email.partition("@")[0]}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitation": self.invitation}

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitation=self.invitation, **kwargs)

    def form_valid(self, form):
        if invitations.has_account(self.invitation.email):
            form.add_error(None, _("An account with this e-mail address exists already: sign "
                                   "in with it, or reset its password."))
            return self.form_invalid(form)
        try:
            user = invitations.accept(self.invitation, form)
        except InvitationClosed:
            self.invitation.refresh_from_db()
            return self.closed("used" if self.invitation.accepted_at else "expired")
        except IntegrityError:
            form.add_error("username", _("This user name was taken a moment ago; choose another."))
            return self.form_invalid(form)
        login(self.request, user, backend=SIGN_IN_BACKEND)
        messages.success(self.request, _("Welcome, %(name)s: your account is ready.")
                         % {"name": user.get_full_name() or user.get_username()})
        return super().form_valid(form)
