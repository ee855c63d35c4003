"""The three-command path in real Chromium: `dateline new_site` on a new database, `dateline
serve`, then the new administrator signs in with the printed password, finds the first-run
checklist, puts a first section in the menu, adds an author, writes a first story, and sees
the checklist tick as each is done."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.loads import next_page_load
from tests.conftest import dateline_command, free_port, wait_until_serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = (Path(__file__).resolve().parents[1] / "validators" / "node_modules" / "axe-core"
       / "axe.min.js")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ADMIN = "chief@kestrel.example"
HEADLINE = "Valley council agrees to reopen the old ferry crossing"


@pytest.fixture(scope="module")
def new_newsroom(tmp_path_factory):
    """`dateline new_site` and `dateline serve` with the production settings on a new data
    folder, as docs/quickstart.md tells an operator to run them; the base URL and the
    password new_site printed."""
    port = free_port()
    env = {**os.environ,
           "DATELINE_DATA_DIR": str(tmp_path_factory.mktemp("new-newsroom")),
           "DATELINE_SECRET_KEY": "a-test-key-" + "x" * 40,
           "DATELINE_ALLOWED_HOSTS": "127.0.0.1",
           "DATELINE_SECURE": "false"}
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DATELINE_BASE_URL", "REDIS_URL"):
        env.pop(name, None)
    started = dateline_command(
        "new_site", "--name", "Kestrel Post", "--tagline", "News of the valley",
        "--time-zone", "Europe/Lisbon", "--admin-email", ADMIN, "--no-input",
        env=env, timeout=600, stdin=subprocess.DEVNULL)
    assert started.returncode == 0, started.stderr
    password = re.search(r"with password (\S+) \(shown only this once", started.stdout)[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url + "/", server)
        yield base_url, password
    finally:
        server.terminate()
        server.wait(timeout=30)


def submit(page, button):
    with next_page_load(page):
        page.click(button)


def ticks(page):
    """{item: done} as the dashboard's checklist shows them; {} once it has gone."""
    page.goto(page.url.split("/admin/")[0] + "/admin/")
    return {row.get_attribute("data-item"): row.get_attribute("data-done") == "true"
            for row in page.locator(".first-run-checklist__item").all()}


def wait_for_the_editor(page):
    """Until the editor's scripts have loaded: typed before that, the headline would not
    fill in the slug (seen on a loaded machine)."""
    page.wait_for_load_state("networkidle")


def publish(page):
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    submit(page, "button[name=action-publish]")


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def front_page_once_it_shows(base_url, text):
    """The front page as readers get it once it shows ``text``. A publish purges the page
    cache softly: the first reader after it may get the stale copy while a fresh one renders
    (docs/architecture.md, delivery)."""
    deadline = time.monotonic() + 60
    while True:
        html = fetch(base_url + "/")
        if text in html or time.monotonic() > deadline:
            return html
        time.sleep(1)


def test_a_new_newsroom_from_sign_in_to_its_first_story(browser, new_newsroom, artifacts):
    base_url, password = new_newsroom
    context = browser.new_context(viewport={"width": 1366, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", ADMIN)
    page.fill("#id_password", password)
    submit(page, "button[type=submit]")
    assert page.url == base_url + "/admin/"

    checklist = page.locator("#first-run-checklist-section")
    expect(checklist).to_be_visible()
    expect(checklist).to_contain_text("0 of 7 done")
    page.screenshot(path=artifacts / "new-newsroom-1-checklist.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts / "new-newsroom-1-checklist-phone.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 1000})
    assert ticks(page) == {"logo": False, "about": False, "sections": False, "authors": False,
                           "staff": False, "email": False, "address": False}
    if AXE.exists():
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run('#first-run-checklist-section', "
            "{runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        assert result["passes"], "axe checked nothing on the checklist"
        assert [violation["id"] for violation in result["violations"]] == []

    # The first section, from the checklist's own link, into the menu.
    submit(page, ".first-run-checklist__item[data-item=sections] a")
    wait_for_the_editor(page)
    page.fill("#id_title", "Politics")
    page.get_by_role("tab", name="Promote").click()
    expect(page.locator("#id_slug")).to_have_value("politics")
    page.locator("#id_show_in_menus").check()
    publish(page)
    page.screenshot(path=artifacts / "new-newsroom-2-section-published.png")
    # Wagtail shows the new section among the home page's children.
    section_id = re.search(r"/admin/pages/(\d+)/edit/",
                           page.get_by_role("link", name="Politics").first.get_attribute("href"))[1]
    assert ticks(page)["sections"]
    front = front_page_once_it_shows(base_url, 'href="/politics/"')
    assert 'href="/politics/"' in front.split("</nav>")[0]

    # An author, from the checklist.
    submit(page, ".first-run-checklist__item[data-item=authors] a")
    wait_for_the_editor(page)
    page.fill("#id_title", "Ana Lima")
    page.locator("#id_title").press("Tab")  # leaving the title fills in the slug
    expect(page.locator("#id_slug")).to_have_value("ana-lima")
    publish(page)
    page.screenshot(path=artifacts / "new-newsroom-3-author-published.png")
    assert ticks(page)["authors"]
    page.screenshot(path=artifacts / "new-newsroom-3-ticks.png", full_page=True)
    expect(page.locator("#first-run-checklist-section")).to_contain_text("2 of 7 done")

    # The first story, in the new section.
    page.goto(f"{base_url}/admin/pages/add/news/articlepage/{section_id}/")
    page.fill("#id_title", HEADLINE)
    page.locator("#id_title").press("Tab")
    page.fill("#id_standfirst", "The crossing closed in 1998; boats could run by spring.")
    page.locator("#body-root button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = page.locator("#body-root .public-DraftEditor-content").first
    paragraph.click()
    expect(paragraph).to_be_focused()
    paragraph.type("Councillors voted to fund the new jetty from the harbour budget.")
    page.locator("#id_standfirst").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('form input[type=hidden], form textarea')]"
        ".some(field => field.value.includes('new jetty'))")
    publish(page)
    page.screenshot(path=artifacts / "new-newsroom-4-story-published.png")
    assert "published" in page.locator(".messages").inner_text().lower()

    assert HEADLINE in front_page_once_it_shows(base_url, HEADLINE)
    reader = context.new_page()
    reader.goto(base_url + "/")
    expect(reader.locator("body")).to_contain_text(HEADLINE)
    expect(reader.locator("nav").first).to_contain_text("Politics")
    reader.screenshot(path=artifacts / "new-newsroom-5-front-page.png", full_page=True)
    context.close()
