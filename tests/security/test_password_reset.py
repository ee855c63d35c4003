"""A forgotten password: the reset page sends a link only when e-mail is set up, and otherwise
says plainly that it cannot, and how an administrator sets a new password."""

import pytest

from django.core import mail
from django.urls import reverse

from dateline.newsroom.password_reset import NO_MAIL
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("wagtailadmin_password_reset")


@pytest.fixture
def reporter():
    return UserFactory(contributor=True, email="reporter@example.org")


@pytest.fixture
def no_mail(settings):
    settings.EMAIL_BACKEND = NO_MAIL


def test_without_mail_the_reset_page_says_how_to_get_a_new_password(client, no_mail):
    page = client.get(RESET).content.decode()
    assert "E-mail is not set up on this site" in page
    assert "dateline changepassword USERNAME" in page
    assert 'name="email"' not in page


def test_without_mail_a_reset_request_promises_nothing(client, reporter, no_mail):
    response = client.post(RESET, {"email": reporter.email})
    assert response.status_code == 200
    assert "E-mail is not set up on this site" in response.content.decode()
    assert mail.outbox == []


def test_with_mail_the_reset_link_is_sent(client, reporter, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert 'name="email"' in client.get(RESET).content.decode()
    response = client.post(RESET, {"email": reporter.email})
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    assert [message.to for message in mail.outbox] == [[reporter.email]]
    assert "/admin/password_reset/confirm/" in mail.outbox[0].body


def test_a_new_site_sends_no_mail_until_it_is_configured():
    from dateline.settings import base

    assert base.EMAIL_BACKEND == NO_MAIL


def test_the_front_end_sign_in_leads_to_the_reset_page(client, newsroom, no_mail):
    sign_in = client.get(reverse("wagtailcore_login")).content.decode()
    assert f'href="{RESET}"' in sign_in
    assert "E-mail is not set up" in client.get(RESET).content.decode()
