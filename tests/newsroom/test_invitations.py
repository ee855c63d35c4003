"""Staff invitations: an administrator invites an address to a role; the letter arrives through
a real SMTP server with a link to the public address; the link makes one account, signed in,
and then never works again; expired, withdrawn and replaced links say so; without e-mail the
administrator is handed the link once."""

import datetime
import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

from dateline.mailroom.outbox import NO_MAIL
from dateline.newsroom import invitations
from dateline.newsroom.invitations import Invitation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://news.example.org"
INVITE = reverse("newsroom_invite")
INVITATIONS = reverse("newsroom_invitations")
PASSWORD = "Caspian tide at 6"


@pytest.fixture
def chief(client, settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    chief = UserFactory(superuser=True, username="maryam", first_name="مریم",
                        last_name="احمدی", email="maryam@example.org")
    client.force_login(chief)
    return chief


def editors_role():
    from django.contrib.auth.models import Group

    return Group.objects.get(name="Editors")


def invite(client, email="nino@example.org", role=None):
    return client.post(INVITE, {"email": email, "role": (role or editors_role()).pk})


def link_in(received):
    [link] = re.findall(r"https?://\S+/admin/invitation/\S+/", received.part("text/plain"))
    return link


def accept(client, path, username="nino", password=PASSWORD):
    return client.post(path, {"first_name": "نینو", "last_name": "کاپانادزه",
                              "username": username, "password1": password,
                              "password2": password})


def test_the_invitation_arrives_with_both_parts_and_a_link_to_the_public_address(
        client, chief, mail_server):
    # No site: the letter names the installation ("Dateline"), whatever site a subprocess of
    # an earlier test left committed on PostgreSQL.
    Site.objects.all().delete()
    response = invite(client)
    assert response["Location"] == INVITATIONS
    [received] = mail_server.received
    letter = received.message
    assert received.rcpt_tos == ["nino@example.org"]
    assert letter["From"] == "Dateline <newsroom@example.org>"
    assert letter["Reply-To"].addresses[0].display_name == "مریم احمدی"
    assert letter["Reply-To"].addresses[0].addr_spec == "maryam@example.org"
    assert letter["Subject"].strip() == "مریم احمدی invites you to join Dateline as Editor"
    assert letter["Message-ID"].endswith("@example.org>") and letter["Date"]
    link = link_in(received)
    assert link.startswith(f"{PUBLIC}/admin/invitation/")
    assert f'href="{link}"' in received.part("text/html")
    assert "<strong>مریم احمدی</strong>" in received.part("text/html")
    invitation = Invitation.objects.get()
    assert invitation.sent_at is not None
    # Only a digest is kept: the database holds no working link.
    assert link.rstrip("/").rsplit("/", 1)[1] not in invitation.token_digest


def test_the_link_makes_one_account_in_its_role_signed_in_and_then_never_works_again(
        client, chief, mail_server):
    invite(client)
    path = link_in(mail_server.received[0]).removeprefix(PUBLIC)
    invitee = Client()
    form = invitee.get(path)
    assert form.status_code == 200
    assert 'value="nino"' in form.content.decode()
    made = accept(invitee, path)
    assert made["Location"] == reverse("wagtailadmin_home")
    assert invitee.get(reverse("wagtailadmin_home")).status_code == 200
    user = get_user_model().objects.get(username="nino")
    assert (user.email, user.first_name, [group.name for group in user.groups.all()]) == (
        "nino@example.org", "نینو", ["Editors"])
    assert user.check_password(PASSWORD)
    assert Invitation.objects.get().user == user
    assert [(entry.action, entry.user_id) for entry in ModelLogEntry.objects.for_instance(
        user)] == [("wagtail.create", user.pk)]

    stranger = Client()
    used = stranger.get(path)
    assert used.status_code == 410
    assert "It has been used already" in used.content.decode()
    again = accept(stranger, path, username="nino-2")
    assert again.status_code == 410
    assert get_user_model().objects.filter(email="nino@example.org").count() == 1

    signing_in = Client()
    signed_in = signing_in.post(reverse("wagtailadmin_login"),
                                {"username": "nino", "password": PASSWORD})
    assert signed_in["Location"] == reverse("wagtailadmin_home")


def test_an_expired_link_says_so_and_makes_nothing(client, chief, mail_server):
    invite(client)
    path = link_in(mail_server.received[0]).removeprefix(PUBLIC)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = Client().get(path)
    assert expired.status_code == 410
    assert "It has expired. Ask مریم احمدی to send you a new one." in expired.content.decode()
    assert accept(Client(), path).status_code == 410
    assert not get_user_model().objects.filter(username="nino").exists()
    assert "Expired" in client.get(INVITATIONS).content.decode()


def test_re_sending_mails_a_new_link_and_the_old_one_dies(client, chief, mail_server):
    invite(client)
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    resent = client.post(reverse("newsroom_resend_invitation", args=[invitation.pk]))
    assert resent["Location"] == INVITATIONS
    first, second = (link_in(message).removeprefix(PUBLIC) for message in mail_server.received)
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert Invitation.objects.get().expires_at > timezone.now() + datetime.timedelta(days=6)


def test_a_withdrawn_invitation_link_says_it_does_not_work(client, chief, mail_server):
    invite(client)
    path = link_in(mail_server.received[0]).removeprefix(PUBLIC)
    invitation = Invitation.objects.get()
    assert client.post(reverse("newsroom_withdraw_invitation",
                               args=[invitation.pk]))["Location"] == INVITATIONS
    withdrawn = Client().get(path)
    assert withdrawn.status_code == 404
    assert "This invitation link does not work" in withdrawn.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("token", ["x", "a" * 43, "%00", "%27%20OR%201=1%20--", "%F0%9F%92%A5"])
def test_a_made_up_link_gets_a_page_not_an_error(client, token):
    response = client.get(f"/admin/invitation/{token}/")
    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()


def test_without_mail_the_administrator_is_handed_the_link_once(client, chief, settings):
    settings.EMAIL_BACKEND = NO_MAIL
    page = client.get(INVITE).content.decode()
    assert "E-mail is not set up on this site" in page
    response = invite(client)
    assert response.status_code == 200
    shown = response.content.decode()
    assert "no mail was sent" in shown
    [link] = re.findall(r'value="(https://news\.example\.org/admin/invitation/[^"]+)"', shown)
    invitation = Invitation.objects.get()
    assert invitation.sent_at is None
    assert link.rsplit("/", 2)[1] not in client.get(INVITATIONS).content.decode()
    assert "Handed over by hand" in client.get(INVITATIONS).content.decode()
    invitee = Client()
    assert accept(invitee, link.removeprefix(PUBLIC))["Location"] == reverse("wagtailadmin_home")


def test_a_refusing_mail_server_hands_the_link_over_with_its_reason(
        client, chief, start_mail_server, settings, monkeypatch):
    from tests.conftest import send_mail_through

    server = start_mail_server(refuse=["nino@example.org"])
    send_mail_through(settings, monkeypatch, server.url())
    response = invite(client)
    shown = response.content.decode()
    assert response.status_code == 200
    assert "refused the recipient: nino@example.org: 550" in shown
    assert re.search(r'value="https://news\.example\.org/admin/invitation/[^"]+"', shown)
    assert Invitation.objects.get().sent_at is None


def test_an_address_with_an_account_or_an_open_invitation_is_refused(client, chief, mail_server):
    UserFactory(email="Taken@Example.org")
    taken = invite(client, email="taken@example.org")
    assert "already has an account" in taken.content.decode()
    invite(client)
    twice = invite(client, email="NINO@example.org")
    assert "is invited already" in twice.content.decode()
    assert Invitation.objects.count() == 1
    assert len(mail_server.received) == 1


def test_a_weak_password_or_a_taken_user_name_makes_nothing(client, chief, mail_server):
    UserFactory(username="taken")
    invite(client)
    path = link_in(mail_server.received[0]).removeprefix(PUBLIC)
    common = accept(Client(), path, password="password1")
    assert "This password is too common." in common.content.decode()
    # Like the address the invitation went to: the form knows it before the account exists.
    like_the_address = accept(Client(), path, password="nino@example")
    assert "too similar to the email address" in like_the_address.content.decode()
    taken = accept(Client(), path, username="taken")
    assert "already exists" in taken.content.decode()
    assert Invitation.objects.get().accepted_at is None
    assert accept(Client(), path)["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", ["contributor", "editor", "administrator"])
def test_only_those_who_may_add_users_may_invite(client, desk, mail_server, role):
    standing, _link = invitations.invite("standing@example.org", editors_role(), desk.superuser)
    client.force_login(getattr(desk, role))
    for response in (client.get(INVITE), invite(client), client.get(INVITATIONS),
                     client.post(reverse("newsroom_resend_invitation", args=[standing.pk])),
                     client.post(reverse("newsroom_withdraw_invitation", args=[standing.pk]))):
        # Wagtail turns a refusal into a redirect to the dashboard, with a message.
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'"url": "{INVITATIONS}"' not in home
    assert list(Invitation.objects.values_list("email", "token_digest")) == [
        ("standing@example.org", standing.token_digest)]
    if role == "administrator":
        # Administrators are no user managers (migration 0002_roles): no users list at all.
        assert client.get(reverse("wagtailusers_users:index")).status_code == 302
    assert mail_server.received == []


def test_the_users_list_and_settings_menu_lead_to_invitations(client, chief):
    users = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert f'href="{INVITE}"' in users
    assert "Invite staff" in users
    # The sidebar is drawn from JSON.
    assert f'"url": "{INVITATIONS}"' in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_user_manager_who_is_no_superuser_may_invite(client, mail_server):
    from django.contrib.auth.models import Group, Permission

    managers = Group.objects.create(name="User managers")
    managers.permissions.set([Permission.objects.get(codename="access_admin"),
                              Permission.objects.get(codename="add_user")])
    manager = UserFactory(username="manager")
    manager.groups.add(managers)
    client.force_login(manager)
    assert invite(client)["Location"] == INVITATIONS
    assert [message.rcpt_tos for message in mail_server.received] == [["nino@example.org"]]


FIELD_VALUES = st.one_of(st.text(max_size=80), st.sampled_from(
    ["\x00", "nino@example.org", "a" * 5000, "<script>alert(1)</script>", "' OR 1=1 --",
     "نینو", "../../etc/passwd", "9" * 30]))


@given(st.dictionaries(st.sampled_from(["email", "role", "username", "first_name", "last_name",
                                        "password1", "password2"]), FIELD_VALUES, max_size=7))
@examples(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzzed_posts_to_the_invitation_forms_get_answers_not_errors(client, chief, settings,
                                                                      fields):
    settings.EMAIL_BACKEND = NO_MAIL
    invited = client.post(INVITE, fields)
    assert invited.status_code < 500
    invitation, link = invitations.invite(f"fuzz-{Invitation.objects.count()}@example.org",
                                          editors_role(), chief)
    answered = Client().post(link.removeprefix(PUBLIC), fields)
    assert answered.status_code < 500
    made = get_user_model().objects.filter(email=invitation.email)
    # Only a form a person could have filled in correctly makes an account.
    assert made.count() == (1 if answered.status_code == 302 else 0)


def test_two_tabs_that_both_opened_the_link_make_one_account(chief):
    from dateline.newsroom.staff import NewAccountForm

    invitation, _link = invitations.invite("nino@example.org", editors_role(), chief)
    # Both requests read the invitation as open before either takes it up.
    first_tab, second_tab = (Invitation.objects.get(pk=invitation.pk) for _ in range(2))
    forms = [NewAccountForm({"username": name, "first_name": "Nino", "password1": PASSWORD,
                             "password2": PASSWORD}, invitation=tab)
             for name, tab in (("nino", first_tab), ("nino-again", second_tab))]
    assert all(form.is_valid() for form in forms)
    invitations.accept(first_tab, forms[0])
    with pytest.raises(invitations.InvitationClosed):
        invitations.accept(second_tab, forms[1])
    assert list(get_user_model().objects.filter(email="nino@example.org").values_list(
        "username", flat=True)) == ["nino"]
