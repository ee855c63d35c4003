"""The editor's desk in real Chromium: the newsroom dashboard passes axe-core, the scheduling
dialog's date picker opens inside its field and leaves Save in reach, a note's picker closes
as the editor scrolls and reopens at its field with "Now" in reach, a field that does not
validate is named in the message at the top, and topics are found by typing; a Persian editor
sees Solar Hijri days beside the date fields. Nothing here saves a page: the served demo is
shared with other browser tests (the admin language one test sets, it sets back)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.loads import next_page_load
from tests.browser.test_validators import AXE, axe_violations
from tests.conftest import dateline_command

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.database_independent]


@pytest.fixture(scope="module")
def admin_password(demo_environment):
    first_run = demo_environment["first_run"].stdout
    return re.search(r"with password (\S+)", first_run).group(1)


@pytest.fixture
def signed_in(browser, live_demo, admin_password):
    """A page signed in to the demo's admin, and the console errors it meets."""
    contexts = []

    def sign_in(viewport="desktop"):
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        page.goto(live_demo + "/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", admin_password)
        page.click("button[type=submit]")
        page.wait_for_url(live_demo + "/admin/")
        return page, errors

    yield sign_in
    for context in contexts:
        context.close()


def open_a_story(page, live_demo):
    """The editor of the newest story in the Stories listing."""
    page.goto(live_demo + "/admin/stories/")
    edit = page.locator("main a[href$='/edit/']").first.get_attribute("href")
    page.goto(live_demo + edit)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_newsroom_dashboard_has_no_accessibility_violations(signed_in, artifacts,
                                                                viewport):
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    page, errors = signed_in(viewport)
    for heading in ("Write a story", "My drafts", "Scheduled", "Published today",
                    "Copy-desk findings on live stories"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading
    page.screenshot(path=artifacts / f"dashboard-{viewport}.png", full_page=True)
    assert axe_violations(page, "the dashboard") == []
    assert errors == []


def test_the_go_live_picker_opens_inside_its_field_and_leaves_save_in_reach(
        signed_in, live_demo, artifacts):
    page, errors = signed_in()
    open_a_story(page, live_demo)
    status = page.locator("[data-schedule-status]")
    assert "goes live" in status.inner_text() or "Live since" in status.inner_text()

    status.get_by_role("button", name="Set go-live and take-down times…").click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("#id_go_live_at").click()
    picker = dialog.locator("[data-contentpath='go_live_at'] .xdsoft_datetimepicker")
    picker.wait_for(state="visible")
    page.screenshot(path=artifacts / "schedule-dialog-picker-open.png")

    picked = picker.bounding_box()
    expiry = dialog.locator("#id_expire_at").bounding_box()
    assert picked["y"] + picked["height"] <= expiry["y"], "the picker covers the expiry field"
    save = dialog.get_by_role("button", name="Save schedule")
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('button')?.textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top == "Save schedule"
    assert errors == []


def test_a_scroll_closes_the_date_picker_and_it_reopens_at_its_field_with_now_in_reach(
        signed_in, live_demo, artifacts):
    page, errors = signed_in()
    open_a_story(page, live_demo)
    page.get_by_role("button", name="Add Note").click()
    field = page.locator("input[name='corrections-0-noted_at']")
    field.click()
    opened = page.locator(".xdsoft_datetimepicker:visible")
    expect(opened).to_have_count(1)
    # The editor scrolls, as the smooth scroll to a new panel does: inside its own container.
    moved = field.evaluate("""field => {
        let scroller = field.parentElement;
        while (scroller && !(scroller.scrollHeight > scroller.clientHeight
                             && /auto|scroll/.test(getComputedStyle(scroller).overflowY))) {
            scroller = scroller.parentElement;
        }
        scroller = scroller || document.scrollingElement;
        const before = scroller.scrollTop;
        scroller.scrollBy({top: before >= 150 ? -150 : 150, behavior: "instant"});
        return Math.abs(before - scroller.scrollTop);
    }""")
    assert moved >= 100, "the editor did not scroll"
    # Left open, it would lie where the field was, over the field and its "Now".
    expect(opened).to_have_count(0)

    field.click()
    expect(opened).to_have_count(1)
    box, picked = field.bounding_box(), opened.bounding_box()
    assert (abs(picked["y"] - (box["y"] + box["height"])) <= 2
            or abs(picked["y"] + picked["height"] - box["y"]) <= 2), (box, picked)
    page.screenshot(path=artifacts / "note-time-picker-reopened.png")
    now = page.locator(f"[data-dateline-now='{field.get_attribute('id')}']").bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('button')?.textContent.trim()",
        [now["x"] + now["width"] / 2, now["y"] + now["height"] / 2])
    assert on_top == "Now"
    assert errors == []


def test_a_field_that_does_not_validate_on_another_tab_is_named_in_the_message_and_linked(
        signed_in, live_demo, artifacts):
    page, errors = signed_in()
    open_a_story(page, live_demo)
    page.get_by_role("tab", name="Promote").click()
    page.locator("#id_published_at").fill("2099-01-01 00:00")
    page.get_by_role("tab", name="Content").click()
    with next_page_load(page):  # refused: nothing is saved
        page.locator("footer button[type=submit]:has-text('Save draft')").click()

    named = page.locator(".messages [data-dateline-field-errors] li")
    expect(named).to_have_count(1)
    expect(named).to_contain_text("Published at: 1 January 2099, 00:00")
    expect(named).to_contain_text("is in the future")
    expect(page.get_by_role("tab", name="Content")).to_have_attribute("aria-selected", "true")
    page.screenshot(path=artifacts / "field-error-named.png")
    named.get_by_role("link", name="Published at").click()
    expect(page.get_by_role("tab", name="Promote")).to_have_attribute("aria-selected", "true")
    expect(page.locator("[data-contentpath='published_at'] .error-message")).to_be_in_viewport()
    # The one console error is the autosave Wagtail sent of the form as typed, answered 400.
    assert [error for error in errors if "status of 400" not in error] == []


def test_topics_are_found_by_typing_a_few_letters(signed_in, live_demo, artifacts):
    page, errors = signed_in()
    open_a_story(page, live_demo)
    field = page.locator("[data-contentpath='topics']")
    search = field.locator("input.c-wagtailautocomplete__search")
    search.scroll_into_view_if_needed()
    search.fill("wat")
    suggestion = field.locator(".c-wagtailautocomplete__suggestions__item",
                               has_text="Water")
    suggestion.wait_for(state="visible")
    page.screenshot(path=artifacts / "topics-chooser.png")
    suggestion.click()
    chosen = field.locator("input[type=hidden][name=topics]").input_value()
    assert '"title":"Water"' in chosen.replace(" ", "")
    assert field.locator(".c-wagtailautocomplete__selection", has_text="Water").count() == 1
    assert page.locator("input[type=checkbox][name=topics]").count() == 0
    assert errors == []


def test_a_persian_editor_sees_the_solar_hijri_day_beside_a_date_field_as_they_type(
        signed_in, live_demo, demo_environment, artifacts):
    set_admin_language(demo_environment, "fa")
    try:
        page, errors = signed_in()
        assert page.locator("html").get_attribute("lang") == "fa"
        open_a_story(page, live_demo)
        field = page.locator("#id_published_at")
        if not field.is_visible():  # on another tab of the editor
            tab = field.locator("xpath=ancestor::*[@role='tabpanel']")
            page.locator("#" + tab.get_attribute("aria-labelledby")).click()
        line = page.locator("[data-dateline-calendar-of='id_published_at']")
        assert line.inner_text().strip(), "no Solar Hijri day beside the field"
        field.fill("2025-03-20 08:00")
        field.dispatch_event("input")
        # 20 March 2025 was 30 Esfand 1403, the leap day, a Thursday.
        assert line.inner_text() == "پنجشنبه ۳۰ اسفند ۱۴۰۳، ۰۸:۰۰"
        line.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / "admin-solar-hijri-date-field.png")
        assert errors == []
    finally:
        set_admin_language(demo_environment, "")


def set_admin_language(demo_environment, language):
    """The admin user's language, as they would choose it under Account; the demo is shared,
    so the test sets the default back. (The account page itself logs a console error of
    Wagtail's in this machine's zone list, which is not what this test reads.)"""
    done = dateline_command("shell", "-c", (
        "from wagtail.users.models import UserProfile; "
        "from django.contrib.auth import get_user_model; "
        "UserProfile.objects.update_or_create(user=get_user_model().objects.get("
        f"username='admin'), defaults={{'preferred_language': {language!r}}})"),
        env=demo_environment["env"], timeout=120)
    assert done.returncode == 0, done.stderr
