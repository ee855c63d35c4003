"""Guessing passwords at the admin's sign-in form stops after a few tries (django-axes), for one
account and, at a higher limit, for one address trying many accounts."""

import datetime

import pytest
from axes.models import AccessAttempt
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import run_on_a_new_loop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor():
    user = UserFactory(editor=True, username="night-editor")
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(reverse("wagtailadmin_login"),
                       {"username": username, "password": password},
                       REMOTE_ADDR=address, **headers)


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


def spray(client, password, accounts, address="203.0.113.7", **headers):
    """One password tried on many user names; the answers in order."""
    return [sign_in(client, f"reporter-{number}", password, address, **headers).status_code
            for number in range(accounts)]


def test_one_address_trying_one_password_on_many_accounts_is_locked_out(client, editor,
                                                                         report_figure):
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    answers = spray(client, "Summer2026!", accounts=limit + 5)
    assert answers == [200] * (limit - 1) + [429] * 6
    assert sign_in(client, editor.username, PASSWORD).status_code == 429
    assert signed_in(sign_in(client, editor.username, PASSWORD, address="198.51.100.20"))
    report_figure("login spraying", f"one address, one password: HTTP 429 from the {limit}th "
                                    "user name on, for 15 min, whatever the user name")


def test_a_newsroom_behind_one_address_survives_a_morning_of_typos(client, editor):
    colleagues = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT // (settings.AXES_FAILURE_LIMIT - 1)
    for colleague in range(colleagues):
        for _typo in range(settings.AXES_FAILURE_LIMIT - 2):
            sign_in(client, f"desk-{colleague}", "a typo")
    assert signed_in(sign_in(client, editor.username, PASSWORD))


def test_a_forwarded_for_header_from_the_client_neither_moves_nor_resets_the_count(client):
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    spray(client, "Summer2026!", accounts=limit)
    answers = spray(client, "Summer2026!", accounts=3, HTTP_X_FORWARDED_FOR="192.0.2.99",
                    HTTP_X_REAL_IP="192.0.2.99", HTTP_FORWARDED="for=192.0.2.99")
    assert answers == [429] * 3


def test_signing_in_to_an_account_one_holds_does_not_clear_the_address(client, editor):
    limit = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT
    spray(client, "Summer2026!", accounts=limit - 1)
    assert signed_in(sign_in(client, editor.username, PASSWORD))
    client.logout()
    assert spray(client, "Summer2026!", accounts=2) == [429, 429]


def address_seen_by_django(peer, forwarded_for):
    """The client address `dateline serve` (uvicorn, proxy_headers on, trusting loopback by
    default) hands to Django, which axes counts as REMOTE_ADDR."""
    seen = {}

    async def django(scope, receive, send):
        seen["client"] = scope["client"][0]

    scope = {"type": "http", "client": (peer, 50000),
             "headers": [(b"x-forwarded-for", forwarded_for.encode())]}
    run_on_a_new_loop(ProxyHeadersMiddleware(django, trusted_hosts="127.0.0.1")(
        scope, None, None))
    return seen["client"]


def test_the_address_counted_is_the_one_the_trusted_proxy_saw_not_the_one_the_client_wrote():
    # nginx appends the peer it saw to whatever X-Forwarded-For the client sent.
    assert address_seen_by_django("127.0.0.1", "192.0.2.99, 203.0.113.7") == "203.0.113.7"
    assert address_seen_by_django("203.0.113.7", "192.0.2.99") == "203.0.113.7"
