"""The article editor passes axe-core (WCAG 2.1 A and AA) with nothing found: a new story, and a
story with the copy desk's notes beside its fields, a new correction note, and the Promote tab's
dates open."""

import pytest
from playwright.sync_api import expect

from tests.browser.loads import next_page_load
from tests.browser.test_validators import AXE, axe_violations
from tests.conftest import dateline_command

pytestmark = pytest.mark.browser

ACCOUNT = """
from django.contrib.auth.models import Group, User
from wagtail.admin.models import EditingSession
from dateline.news.models import ArticlePage, SectionPage
user, _ = User.objects.get_or_create(username="axe-editor", defaults={"first_name": "Axe"})
user.set_password("pw-axe-editor")
user.save()
user.groups.set([Group.objects.get(name="Editors")])
section = SectionPage.objects.get(slug="iran-news")
story = ArticlePage.objects.live().child_of(section).first()
revision = story.save_revision(user=user)  # a draft with a placeholder, for the copy desk
draft = revision.as_object()
draft.title = draft.title + " TK"
draft.save_revision(user=user)
# Other browser tests may have had the story open: Wagtail 8 then shows their editing sessions
# as avatar buttons without an accessible name, its own markup, not the editor this audits.
EditingSession.objects.filter(object_id=str(story.pk)).delete()
print(section.pk, story.pk)
"""


@pytest.fixture(scope="module")
def editor_pages(demo_environment, live_demo):
    made = dateline_command("shell", "-c", ACCOUNT, env=demo_environment["env"], timeout=120)
    assert made.returncode == 0, made.stderr
    section_id, story_id = made.stdout.strip().splitlines()[-1].split()
    return {"new-article": f"/admin/pages/add/news/articlepage/{section_id}/",
            "article-with-findings": f"/admin/pages/{story_id}/edit/"}


def signed_in(open_page):
    page = open_page("/admin/login/")
    page.fill("#id_username", "axe-editor")
    page.fill("#id_password", "pw-axe-editor")
    with next_page_load(page):
        page.click("button[type=submit]")
    return page


def test_the_article_editor_has_no_accessibility_violations(open_page, live_demo, editor_pages,
                                                            artifacts):
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    page = signed_in(open_page)
    findings = {}
    for name, path in editor_pages.items():
        page.goto(live_demo + path)
        page.get_by_role("button", name="Add Note").click()
        if name == "article-with-findings":
            # The copy desk's note on the headline stands in the headline's own panel.
            headline_panel = page.locator("#id_title").locator("xpath=ancestor::*[@data-panel][1]")
            expect(headline_panel.locator("[data-copydesk-note]")).to_contain_text("TK")
        findings[name] = axe_violations(page, name)
        page.screenshot(path=artifacts / f"axe-{name}.png", full_page=True)
        page.get_by_role("tab", name="Promote").click()
        findings[f"{name}/promote"] = axe_violations(page, f"{name}/promote")
    assert findings == {name: [] for name in findings}
