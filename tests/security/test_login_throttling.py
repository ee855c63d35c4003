"""Guessing passwords at the admin's sign-in form stops after a few tries (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor():
    user = UserFactory(editor=True, username="night-editor")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(reverse("wagtailadmin_login"),
                       {"username": username, "password": password},
                       REMOTE_ADDR=address)


def signed_in(response):
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def lock_out(client, username, address="203.0.113.7"):
    """Fails the limit's worth of times; every one of them is an ordinary form error."""
    answers = [sign_in(client, username, f"guess-{attempt}", address).status_code
               for attempt in range(settings.AXES_FAILURE_LIMIT)]
    assert answers[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)


def test_the_limit_comes_from_the_environment_with_five_failures_by_default():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)


def test_after_the_limit_even_the_right_password_gets_the_lockout_page(client, editor,
                                                                       report_figure):
    lock_out(client, editor.username)
    response = sign_in(client, editor.username, PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed sign-ins" in page
    assert "15 minutes" in page
    assert "Traceback" not in page
    assert "_auth_user_id" not in client.session
    report_figure("login lockout", f"after {settings.AXES_FAILURE_LIMIT} failures, HTTP 429 "
                                   "for 15 min per user name and address")


def test_the_lockout_is_per_user_name_and_address(client, editor):
    lock_out(client, editor.username)
    assert signed_in(sign_in(client, editor.username, PASSWORD, address="198.51.100.20"))
    client.logout()
    other = UserFactory(editor=True, username="day-editor")
    other.set_password(PASSWORD)
    other.save()
    assert signed_in(sign_in(client, other.username, PASSWORD))


def test_a_lockout_ends_after_the_cool_off(client, editor):
    lock_out(client, editor.username)
    assert sign_in(client, editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert signed_in(sign_in(client, editor.username, PASSWORD))


def test_a_successful_sign_in_before_the_limit_clears_the_count(client, editor):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, editor.username, "a guess")
    assert signed_in(sign_in(client, editor.username, PASSWORD))
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, editor.username, "another guess").status_code == 200
    assert signed_in(sign_in(client, editor.username, PASSWORD))
