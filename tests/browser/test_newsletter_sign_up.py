"""A reader signs up to the newsletters in real Chromium against `dateline serve`, with mail
going to a real SMTP server on loopback: the sign-up box on the front page, the confirmation
letter's link, the reader's own click that confirms, managing lists, and leaving one list from
the unsubscribe page and another with the mail client's one-click POST (RFC 8058). Every page
on the way passes axe (WCAG 2.1 A and AA)."""

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.test_validators import AXE, axe_violations
from tests.conftest import dateline_command, demo_copy, free_port, wait_until_serving
from tests.mailserver import MailServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READER = "nino@example.org"
SUBSCRIPTIONS = """
from dateline.newsletters import links
from dateline.newsletters.models import Subscription
for each in Subscription.objects.filter(subscriber__email="{email}").order_by("pk"):
    print(each.newsletter.slug, each.status, links.unsubscribe_path(each.pk))
"""


@pytest.fixture(scope="module")
def newsroom_with_mail(demo_template, tmp_path_factory):
    """The demo newsroom served with its mail going to a real SMTP server, and that server."""
    env = demo_copy(demo_template, tmp_path_factory.mktemp("newsletter-data"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with MailServer(free_port()) as mail_server:
        env = {**env, "DATELINE_EMAIL_URL": mail_server.url(), "DATELINE_BASE_URL": base_url,
               "DATELINE_EMAIL_FROM": "The Caspian Ledger <newsroom@example.org>"}
        server = subprocess.Popen(
            [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_serving(base_url + "/", server)
            yield base_url, mail_server, env
        finally:
            server.terminate()
            server.wait(timeout=30)


def subscriptions(env):
    listed = dateline_command("shell", "-c", SUBSCRIPTIONS.format(email=READER), env=env,
                              timeout=120)
    assert listed.returncode == 0, listed.stderr
    # Only the printed rows: the shell may log on the way.
    rows = re.findall(r"^(\S+) (pending|confirmed|unsubscribed) (/newsletters/\S+)$",
                      listed.stdout, re.MULTILINE)
    return {slug: (status, path) for slug, status, path in rows}


def axe_findings(page, name, findings):
    if violations := axe_violations(page, name):
        findings[name] = violations


def test_a_reader_signs_up_confirms_and_leaves_with_one_click(browser, newsroom_with_mail,
                                                             artifacts):
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    base_url, mail_server, env = newsroom_with_mail
    findings = {}
    # axe goes in as an inline script, which the reader pages' policy rightly refuses.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    reader = context.new_page()

    reader.goto(base_url + "/")
    box = reader.locator(".newsletter-box")
    expect(box.get_by_role("heading", name="Newsletters")).to_be_visible()
    for name in ("Morning briefing", "Caucasus weekly", "Breaking alerts"):
        expect(box.get_by_label(name)).to_be_checked()
    box.get_by_label("Your e-mail address").fill(READER)
    box.scroll_into_view_if_needed()
    reader.screenshot(path=artifacts / "newsletter-box.png")
    axe_findings(reader, "front page", findings)
    box.get_by_role("button", name="Sign up").click()
    expect(reader.get_by_role("heading", name="Check your inbox")).to_be_visible()
    reader.screenshot(path=artifacts / "newsletter-check-inbox.png", full_page=True)
    axe_findings(reader, "check your inbox", findings)
    assert {status for status, _ in subscriptions(env).values()} == {"pending"}

    [letter] = mail_server.received
    assert letter.rcpt_tos == [READER]
    [link] = re.findall(r"http\S+/newsletters/confirm/\S+/", letter.part("text/plain"))
    assert link.startswith(base_url)
    shown = browser.new_context(viewport={"width": 700, "height": 700}).new_page()
    shown.set_content(letter.part("text/html"))
    shown.screenshot(path=artifacts / "newsletter-confirmation-letter.png", full_page=True)

    reader.goto(link)
    expect(reader.get_by_role("heading", name="Confirm your newsletters")).to_be_visible()
    axe_findings(reader, "confirm", findings)
    reader.get_by_role("button", name="Yes, send them to me").click()
    expect(reader.get_by_role("heading", name="You are signed up")).to_be_visible()
    reader.screenshot(path=artifacts / "newsletter-confirmed.png", full_page=True)
    axe_findings(reader, "confirmed", findings)
    assert {status for status, _ in subscriptions(env).values()} == {"confirmed"}

    reader.get_by_role("link", name="Manage your newsletters").click()
    expect(reader.get_by_role("heading", name="Your newsletters")).to_be_visible()
    axe_findings(reader, "manage", findings)
    reader.get_by_label("Caucasus weekly").uncheck()
    reader.get_by_role("button", name="Save").click()
    expect(reader.get_by_text("Your newsletters are saved.")).to_be_visible()
    reader.screenshot(path=artifacts / "newsletter-manage.png", full_page=True)
    assert subscriptions(env)["caucasus-weekly"][0] == "unsubscribed"

    again = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    response = again.goto(link)
    assert response.status == 410

    listed = subscriptions(env)
    reader.goto(base_url + listed["morning-briefing"][1])
    expect(reader.get_by_role("heading", name="Unsubscribe")).to_be_visible()
    axe_findings(reader, "unsubscribe", findings)
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    reader.screenshot(path=artifacts / "newsletter-unsubscribed.png", full_page=True)
    axe_findings(reader, "unsubscribed", findings)

    # The mail client's button: a POST with no cookie and no token.
    one_click = context.request.post(base_url + listed["breaking-alerts"][1],
                                     form={"List-Unsubscribe": "One-Click"})
    assert one_click.status == 200
    assert {status for status, _ in subscriptions(env).values()} == {"unsubscribed"}

    reader.goto(base_url + "/newsletters/")
    axe_findings(reader, "newsletters page", findings)
    reader.screenshot(path=artifacts / "newsletter-page.png", full_page=True)
    assert findings == {}


def test_a_persian_reader_signs_up_in_persian_right_to_left(browser, newsroom_with_mail,
                                                            artifacts):
    """The Persian edition's sign-up, its letter and the pages its link leads to speak Persian,
    right to left, and pass axe."""
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    base_url, mail_server, _env = newsroom_with_mail
    reader_address = "sara@example.org"
    findings = {}
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    reader = context.new_page()

    reader.goto(base_url + "/fa/newsletters/")
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    expect(reader.get_by_label("خبرنامهٔ صبح")).to_be_visible()
    reader.get_by_label("خبرنامهٔ صبح").check()
    expect(reader.get_by_label("Morning briefing")).to_have_count(0)
    axe_findings(reader, "Persian newsletters page", findings)
    reader.get_by_label("نشانی ایمیل شما").fill(reader_address)
    reader.get_by_role("button", name="نام‌نویسی").click()
    expect(reader.get_by_role("heading", name="صندوق نامه‌تان را ببینید")).to_be_visible()
    axe_findings(reader, "Persian check your inbox", findings)

    [letter] = [each for each in mail_server.received if each.rcpt_tos == [reader_address]]
    [link] = re.findall(r"http\S+/fa/newsletters/confirm/\S+/", letter.part("text/plain"))
    assert 'dir="rtl"' in letter.part("text/html")
    reader.goto(link)
    expect(reader.get_by_role("heading", name="خبرنامه‌هایتان را تأیید کنید")).to_be_visible()
    axe_findings(reader, "Persian confirm", findings)
    reader.get_by_role("button", name="بله، برایم بفرستید").click()
    expect(reader.get_by_role("heading", name="نام‌نویسی شما انجام شد")).to_be_visible()
    axe_findings(reader, "Persian confirmed", findings)
    reader.get_by_role("link", name="مدیریت خبرنامه‌ها").click()
    expect(reader.get_by_role("heading", name="خبرنامه‌های شما")).to_be_visible()
    expect(reader.locator("html")).to_have_attribute("lang", "fa")
    reader.screenshot(path=artifacts / "newsletter-manage-persian.png", full_page=True)
    axe_findings(reader, "Persian manage", findings)
    assert findings == {}
