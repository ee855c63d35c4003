"""A reader keeps the demo's running live blog open while an editor posts from the composer:
the update appears without a reload, once, and disappears when the editor withdraws it. This
test adds a (withdrawn) update to the shared demo's live blog; no other test counts them."""

import re

import pytest

from tests.browser.test_editors_desk import admin_password, signed_in  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.database_independent]

LIVE_BLOG = "/iran-news/live-caspian-storm/"


def test_an_update_posted_in_the_composer_appears_on_the_open_page_and_is_withdrawn(
        open_page, signed_in, live_demo, artifacts):  # noqa: F811
    reader = open_page(LIVE_BLOG)
    updates = reader.locator(".live-blog__list .live-update")
    shown_before = updates.count()
    assert shown_before > 0

    editor, errors = signed_in()
    editor.goto(live_demo + "/admin/stories/")
    edit_link = editor.locator("a", has_text="Live: gale on the southern Caspian coast").first
    page_id = re.search(r"/pages/(\d+)/", edit_link.get_attribute("href")).group(1)
    editor.goto(f"{live_demo}/admin/live-blogs/{page_id}/")
    text = "The harbour master says the first ferry may sail at dawn."
    editor.fill("#id_text", text)
    editor.click("form.live-blog-composer button[type=submit]")
    editor.wait_for_selector(".messages .success")

    posted = reader.locator(".live-update", has_text=text)
    posted.wait_for(timeout=5000)
    assert updates.count() == shown_before + 1
    assert reader.locator(".live-blog__news").inner_text() != ""
    posted.screenshot(path=str(artifacts / "live-blog-update-arrived.png"))

    sequence = posted.get_attribute("data-sequence")
    editor.click(f"form[action$='/withdraw/{sequence}/'] button")
    editor.wait_for_selector(".messages .success")
    posted.wait_for(state="detached", timeout=5000)
    assert updates.count() == shown_before
    assert errors == []
