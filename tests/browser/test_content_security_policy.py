"""The Content-Security-Policy breaks nothing: real Chromium reports no violation on readers'
pages or on the admin screens an editor uses (the editor with its StreamField and rich text,
previews, images, choosers)."""

import pytest

from tests.browser.test_validators import reader_pages
from tests.conftest import dateline_command

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.database_independent]

ACCOUNT = """
from django.contrib.auth.models import User
from dateline.news.models import ArticlePage
User.objects.filter(username="csp-chief").delete()
User.objects.create_superuser("csp-chief", "chief@example.org", "pw-csp-chief")
article = ArticlePage.objects.live().first()
print(article.pk, article.get_parent().pk)
"""


@pytest.fixture(scope="module")
def chief(demo_environment, live_demo):
    made = dateline_command("shell", "-c", ACCOUNT, env=demo_environment["env"], timeout=120)
    assert made.returncode == 0, made.stderr
    article_id, section_id = made.stdout.split()[-2:]
    return article_id, section_id


def watched(browser):
    """A page whose CSP violations, as Chromium reports them on its console, are collected."""
    context = browser.new_context(viewport={"width": 1366, "height": 1000})
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    return context, page, violations


def test_readers_pages_show_no_policy_violation(browser, live_demo, report_figure):
    context, page, violations = watched(browser)
    pages = reader_pages(live_demo)
    for path in pages.values():
        page.goto(live_demo + path)
        page.wait_for_load_state("load")
    context.close()
    assert violations == []
    report_figure("CSP violations in Chromium, reader pages", f"0 on {len(pages)} pages")


def test_the_admin_works_under_its_policy(browser, live_demo, chief, report_figure):
    article_id, section_id = chief
    context, page, violations = watched(browser)
    page.goto(live_demo + "/admin/login/")
    page.fill("#id_username", "csp-chief")
    page.fill("#id_password", "pw-csp-chief")
    page.click("button[type=submit]")
    page.wait_for_url(live_demo + "/admin/")
    screens = [
        f"/admin/pages/{article_id}/edit/",
        f"/admin/pages/add/news/articlepage/{section_id}/",
        f"/admin/pages/{section_id}/",
        f"/admin/pages/{article_id}/history/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/snippets/almanac/almanacentry/add/",
        "/admin/settings/news/sitesettings/",
        "/admin/account/",
        "/admin/users/",
        "/admin/reports/site-history/",
    ]
    for path in screens:
        page.goto(live_demo + path)
        page.wait_for_load_state("networkidle")
    # The editor's scripts ran: the StreamField drew its blocks and the preview panel opens.
    page.goto(live_demo + f"/admin/pages/{article_id}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#body-root [data-contentpath]").count() > 0
    page.locator("[data-side-panel-toggle=preview]").click()
    page.frame_locator("#w-preview-iframe").locator("h1").first.wait_for(timeout=30_000)
    page.locator("#body-root button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator("#body-root .public-DraftEditor-content").last.wait_for()
    context.close()
    assert violations == []
    report_figure("CSP violations in Chromium, admin screens",
                  f"0 on {len(screens) + 1} screens, editor and preview working")
