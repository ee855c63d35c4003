"""A forgotten password: the reset page sends a link only when e-mail is set up, and otherwise
says plainly that it cannot, and how an administrator sets a new password. The link arrives
through a real SMTP server, points at the public address, works once and until it expires, and
the page answers the same whether or not the address has an account."""

import datetime
import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.urls import reverse

from dateline.mailroom.outbox import NO_MAIL
from dateline.newsroom.password_reset import mail_is_set_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("wagtailadmin_password_reset")
PUBLIC = "https://news.example.org"


@pytest.fixture
def reporter():
    return UserFactory(contributor=True, email="reporter@example.org", first_name="نینو",
                       last_name="کاپانادزه", username="nino")


@pytest.fixture
def no_mail(settings):
    settings.EMAIL_BACKEND = NO_MAIL


@pytest.fixture
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC


def test_without_mail_the_reset_page_says_how_to_get_a_new_password(client, no_mail):
    assert not mail_is_set_up()
    page = client.get(RESET).content.decode()
    assert "E-mail is not set up on this site" in page
    assert "dateline changepassword USERNAME" in page
    assert 'name="email"' not in page


def test_without_mail_a_reset_request_promises_nothing(client, reporter, no_mail):
    response = client.post(RESET, {"email": reporter.email})
    assert response.status_code == 200
    assert "E-mail is not set up on this site" in response.content.decode()
    assert mail.outbox == []


def test_a_new_site_sends_no_mail_until_it_is_configured():
    from dateline.settings import base

    assert base.EMAIL_BACKEND == NO_MAIL


def test_the_front_end_sign_in_leads_to_the_reset_page(client, newsroom, no_mail):
    sign_in = client.get(reverse("wagtailcore_login")).content.decode()
    assert f'href="{RESET}"' in sign_in
    assert "E-mail is not set up" in client.get(RESET).content.decode()


def reset_link(received):
    [link] = re.findall(r"https?://\S+/admin/password_reset/confirm/\S+/", received.part(
        "text/plain"))
    return link


def test_the_reset_letter_arrives_with_both_parts_and_the_public_address(
        client, newsroom, reporter, mail_server, public_address):
    newsroom.site.site_name = "روزنامه خزر"
    newsroom.site.save()
    assert 'name="email"' in client.get(RESET).content.decode()
    response = client.post(RESET, {"email": reporter.email})
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    [received] = mail_server.received
    letter = received.message
    assert received.rcpt_tos == ["reporter@example.org"]
    assert letter["To"].addresses[0].display_name == "نینو کاپانادزه"
    assert letter["From"] == "Dateline <newsroom@example.org>"
    assert letter["Subject"].strip() == "Reset your password for روزنامه خزر"
    assert letter["Message-ID"].endswith("@example.org>") and letter["Date"]
    assert letter["Auto-Submitted"] == "auto-generated"
    link = reset_link(received)
    assert link.startswith(f"{PUBLIC}/admin/password_reset/confirm/")
    assert f'href="{link}"' in received.part("text/html")
    assert "your account: nino" in received.part("text/plain")
    assert "روزنامه خزر" in received.part("text/html")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, reporter, mail_server):
    known = client.post(RESET, {"email": reporter.email})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [message.rcpt_tos for message in mail_server.received] == [[reporter.email]]


def test_the_form_cannot_fill_an_inbox(client, reporter, mail_server):
    for _ in range(5):
        client.post(RESET, {"email": reporter.email})
    assert len(mail_server.received) == 1


def test_a_refusing_mail_server_changes_nothing_the_visitor_sees(
        client, reporter, start_mail_server, settings, monkeypatch, caplog):
    from tests.conftest import send_mail_through

    server = start_mail_server(refuse=[reporter.email])
    send_mail_through(settings, monkeypatch, server.url())
    response = client.post(RESET, {"email": reporter.email})
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    assert server.received == []
    assert "was not sent: The mail server" in caplog.text


def test_the_reset_link_works_once(client, reporter, mail_server, public_address):
    client.post(RESET, {"email": reporter.email})
    path = reset_link(mail_server.received[0]).removeprefix(PUBLIC)
    form = client.get(path, follow=True)
    assert 'name="new_password1"' in form.content.decode()
    set_password = client.post(form.redirect_chain[-1][0], {
        "new_password1": "Caspian tide at 6", "new_password2": "Caspian tide at 6"})
    assert set_password["Location"] == reverse("wagtailadmin_password_reset_complete")
    assert get_user_model().objects.get(pk=reporter.pk).check_password("Caspian tide at 6")

    client.logout()
    again = client.get(path, follow=True).content.decode()
    assert "Invalid password reset link" in again
    assert 'name="new_password1"' not in again
    signed_in = client.post(reverse("wagtailadmin_login"),
                            {"username": "nino", "password": "Caspian tide at 6"})
    assert signed_in["Location"] == reverse("wagtailadmin_home")


def test_an_expired_reset_link_sets_no_password(client, reporter, mail_server, public_address,
                                               settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 2 * 3600
    client.post(RESET, {"email": reporter.email})
    [received] = mail_server.received
    assert "The link works once, for 2 hours." in received.part("text/plain")
    path = reset_link(received).removeprefix(PUBLIC)
    later = datetime.datetime.now() + datetime.timedelta(hours=2, minutes=1)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    expired = client.get(path, follow=True).content.decode()
    assert "Invalid password reset link" in expired
    assert 'name="new_password1"' not in expired
    client.post(path, {"new_password1": "Caspian tide at 6",
                       "new_password2": "Caspian tide at 6"}, follow=True)
    assert not get_user_model().objects.get(pk=reporter.pk).check_password("Caspian tide at 6")
