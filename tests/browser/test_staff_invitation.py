"""Inviting a reporter in real Chromium against `dateline serve` with mail going to a real SMTP
server on loopback: a superuser invites from the users list, the letter arrives with a link to
the public address, the invitee makes their account with it and is signed in, and the link then
says it was used."""

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.conftest import dateline_command, demo_copy, free_port, wait_until_serving
from tests.mailserver import MailServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHIEF = """
from django.contrib.auth.models import User
User.objects.create_superuser("chief", "maryam@example.org", "pw-chief-invites",
                              first_name="مریم", last_name="احمدی")
"""
PASSWORD = "Caspian tide at 6"


@pytest.fixture(scope="module")
def newsroom_with_mail(demo_template, tmp_path_factory):
    """The demo newsroom served with its mail going to a real SMTP server, and that server."""
    env = demo_copy(demo_template, tmp_path_factory.mktemp("invitation-data"))
    made = dateline_command("shell", "-c", CHIEF, env=env, timeout=120)
    assert made.returncode == 0, made.stderr
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with MailServer(free_port(), refuse=["gone@example.org"]) as mail_server:
        env = {**env, "DATELINE_EMAIL_URL": mail_server.url(), "DATELINE_BASE_URL": base_url,
               "DATELINE_EMAIL_FROM": "The Caspian Ledger <newsroom@example.org>"}
        server = subprocess.Popen(
            [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_serving(base_url + "/", server)
            yield base_url, mail_server
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_a_reporter_is_invited_makes_an_account_and_is_signed_in(browser, newsroom_with_mail,
                                                                  artifacts):
    base_url, mail_server = newsroom_with_mail
    chief = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    chief.goto(base_url + "/admin/login/")
    chief.fill("#id_username", "chief")
    chief.fill("#id_password", "pw-chief-invites")
    chief.click("button[type=submit]")
    chief.wait_for_url(base_url + "/admin/")

    chief.goto(base_url + "/admin/users/")
    chief.get_by_role("link", name="Invite staff").click()
    chief.wait_for_url(base_url + "/admin/invitations/new/")
    chief.fill("#id_email", "nino@example.org")
    chief.locator("label", has_text="Editor:").locator("input").check()
    chief.screenshot(path=artifacts / "invitation-form.png", full_page=True)
    chief.get_by_role("button", name="Send the invitation").click()
    chief.wait_for_url(base_url + "/admin/invitations/")
    expect(chief.get_by_text("Invitation sent to nino@example.org.")).to_be_visible()
    expect(chief.locator("table.listing")).to_contain_text("nino@example.org")
    chief.screenshot(path=artifacts / "invitation-list.png", full_page=True)

    [received] = mail_server.received
    assert received.rcpt_tos == ["nino@example.org"]
    [link] = re.findall(r"http\S+/admin/invitation/\S+/", received.part("text/plain"))
    assert link.startswith(base_url + "/admin/invitation/")
    assert f'href="{link}"' in received.part("text/html")
    letter = browser.new_context(viewport={"width": 700, "height": 700}).new_page()
    letter.set_content(received.part("text/html"))
    letter.screenshot(path=artifacts / "invitation-letter.png", full_page=True)

    invitee = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Join the staff")).to_be_visible()
    invitee.fill("#id_first_name", "نینو")
    invitee.fill("#id_last_name", "کاپانادزه")
    expect(invitee.locator("#id_username")).to_have_value("nino")
    invitee.fill("#id_password1", PASSWORD)
    invitee.fill("#id_password2", PASSWORD)
    invitee.screenshot(path=artifacts / "invitation-accept.png", full_page=True)
    invitee.get_by_role("button", name="Make my account").click()
    invitee.wait_for_url(base_url + "/admin/")
    expect(invitee.get_by_text("Welcome, نینو کاپانادزه: your account is ready.")).to_be_visible()
    invitee.screenshot(path=artifacts / "invitation-signed-in.png", full_page=True)

    again = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    response = again.goto(link)
    assert response.status == 410
    expect(again.get_by_text("It has been used already")).to_be_visible()
    again.screenshot(path=artifacts / "invitation-used.png", full_page=True)

    again.goto(base_url + "/admin/login/")
    again.fill("#id_username", "nino")
    again.fill("#id_password", PASSWORD)
    again.click("button[type=submit]")
    again.wait_for_url(base_url + "/admin/")


def test_a_refused_invitation_is_handed_over_with_the_reason(browser, newsroom_with_mail,
                                                             artifacts):
    base_url, mail_server = newsroom_with_mail
    chief = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    chief.goto(base_url + "/admin/login/")
    chief.fill("#id_username", "chief")
    chief.fill("#id_password", "pw-chief-invites")
    chief.click("button[type=submit]")
    chief.wait_for_url(base_url + "/admin/")
    chief.goto(base_url + "/admin/invitations/new/")
    chief.fill("#id_email", "gone@example.org")
    chief.locator("label", has_text="Contributor:").locator("input").check()
    chief.get_by_role("button", name="Send the invitation").click()
    expect(chief.get_by_text("refused the recipient: gone@example.org: 550")).to_be_visible()
    link = chief.locator("#invitation-link").input_value()
    assert link.startswith(base_url + "/admin/invitation/")
    chief.screenshot(path=artifacts / "invitation-hand-over.png", full_page=True)
    assert all(message.rcpt_tos != ["gone@example.org"] for message in mail_server.received)
