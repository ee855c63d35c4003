"""The editor's day in real Chromium, done the plain way: stories are typed, never filled in by
script; autosave fires as it does for people; the copy desk stops a placeholder; one click
publishes; a correction keeps its default time; a story scheduled two minutes ahead goes live
through `dateline worker`.

Each journey runs for a role (an editor publishes; a contributor submits and an editor approves)
and a site time zone far from UTC, on a newsroom of its own, so that the journeys can run side
by side. The editors' browsers keep Kiritimati's clock, 14 hours ahead of UTC, so that a time
taken from the browser instead of the site would show.
"""

import datetime
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.loads import next_page_load
from tests.conftest import dateline_command, demo_copy, free_port, wait_until_serving

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.own_site]

BROWSER_ZONE = "Pacific/Kiritimati"
ACCOUNTS = """
from django.contrib.auth.models import Group, User
from dateline.news.models import ArticlePage, SectionPage, SiteSettings
SiteSettings.objects.update(time_zone="SITE_ZONE")
for name, group, last in (("reporter", "Contributors", "Reporter"), ("chief", "Editors", "Chief"),
                          ("deputy", "Editors", "Deputy")):
    user = User.objects.create_user(name, f"{name}@example.org", f"pw-{name}-journey",
                                    first_name="Desk", last_name=last)
    user.groups.set([Group.objects.get(name=group)])
section = SectionPage.objects.get(slug="iran-news")
story = ArticlePage.objects.live().child_of(section).first()
print(section.pk, story.pk, story.slug)
"""


@dataclass(frozen=True)
class Story:
    headline: str
    standfirst: str
    paragraph: str


STORIES = {
    "en": Story("Ferry service to Anzali resumes after storm repairs",
                "Boats sail again between the port and the lagoon villages.",
                "The crossing was closed for three weeks while the jetty was rebuilt."),
    # A ZWNJ and an Arabic kaf, as Persian is often typed: the slug the editor sees must be the
    # one the server keeps (news.text_forms).
    "fa": Story("سرویس کشتی\u200cهای انزلی پس از تعمیرات دوباره راه افتاد \u0643\u06cc\u0634",
                "قایق ها دوباره میان بندر و روستاهای تالاب رفت و آمد می کنند.",
                "این گذرگاه سه هفته بسته بود تا اسکله بازسازی شود."),
}
SCHEDULED = Story("Night ferries return to the winter timetable",
                  "Two late crossings a week from next month.",
                  "The port authority confirmed the night crossings in a short statement.")
CORRECTION = "An earlier version of this story gave the wrong length for the closure."


@dataclass
class Newsroom:
    base_url: str
    zone: zoneinfo.ZoneInfo
    section_id: int
    published_story_id: int
    published_story_slug: str

    def now(self):
        return datetime.datetime.now(self.zone)


def serve_newsroom(demo_template, data_dir, zone_name):
    """A fresh copy of the demo newsroom in ``zone_name``, served with its worker publishing due
    stories every few seconds."""
    env = demo_copy(demo_template, data_dir)
    accounts = dateline_command("shell", "-c", ACCOUNTS.replace("SITE_ZONE", zone_name),
                                env=env, timeout=120)
    assert accounts.returncode == 0, accounts.stderr
    section_id, story_id, story_slug = accounts.stdout.strip().splitlines()[-1].split()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "dateline", "worker", "--publish-every", "5"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    wait_until_serving(base_url + "/", server)
    site = Newsroom(base_url, zoneinfo.ZoneInfo(zone_name), int(section_id), int(story_id),
                    story_slug)
    return site, (server, worker)


@pytest.fixture
def newsroom(request, demo_template, tmp_path):
    site, processes = serve_newsroom(demo_template, tmp_path / "data", request.param)
    yield site
    for process in processes:
        process.terminate()
        process.wait(timeout=30)


# The editors' browser -------------------------------------------------------------------------

def sign_in(browser, newsroom, username):
    context = browser.new_context(viewport={"width": 1366, "height": 1000},
                                  timezone_id=BROWSER_ZONE)
    # Wagtail takes the form's starting state a few seconds after it loads, and again once its
    # comments are set up: what a script types before the last of these is taken for the
    # starting state, and never autosaved.
    context.add_init_script("document.addEventListener('w-unsaved:watch-edits', () => {"
                            " window.lastWatched = performance.now(); })")
    # The journeys run side by side on a shared machine, where a save may take a while.
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.goto(newsroom.base_url + "/admin/login/")
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(f"pw-{username}-journey")
    with next_page_load(page):
        page.locator("#id_password").press("Enter")
    assert page.url == newsroom.base_url + "/admin/"
    return page


def open_editor(page, url):
    page.goto(url)
    wait_until_watching(page)


def wait_until_watching(page):
    page.wait_for_function(
        "() => window.lastWatched && performance.now() - window.lastWatched > 1500")


def is_autosave(response):
    request = response.request
    return request.method == "POST" and "application/json" in request.headers.get("accept", "")


@contextmanager
def autosave_of(page, *texts):
    """Waits, after the block, for Wagtail's autosave to have saved a form holding ``texts``: the
    autosave request is seen on the wire, as it is sent, and its answer must be a success."""
    def saves_them(response):
        return is_autosave(response) and all(text in (response.request.post_data or "")
                                             for text in texts)

    with page.expect_response(saves_them, timeout=60_000) as autosave:
        yield
    answer = autosave.value.json()
    assert answer["success"], answer


def title_posted(headline):
    return f'name="title"\r\n\r\n{headline}\r\n'


def write_story(page, newsroom, story, *, placeholder=""):
    """Types a story into a new article, as an editor does, and waits for its autosave; returns
    the headline typed and the story's edit address, where the autosave moved the page."""
    open_editor(page, f"{newsroom.base_url}/admin/pages/add/news/articlepage/"
                      f"{newsroom.section_id}/")
    headline = story.headline + placeholder
    page.locator("#id_title").press_sequentially(headline)
    page.locator("#id_standfirst").press_sequentially(story.standfirst)
    page.locator("#body-root button.c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    paragraph = page.locator("#body-root .public-DraftEditor-content").first
    paragraph.click()
    # Keys sent before Draftail has taken the focus are lost.
    expect(paragraph).to_be_focused()
    with autosave_of(page, title_posted(headline), story.paragraph):
        paragraph.press_sequentially(story.paragraph)
        page.locator("#id_standfirst").click()  # leaving the editor stores its text in the form
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    return headline, page.url


def retype_headline(page, old, new):
    """Puts the caret at the end of the headline and types the change, as an editor does."""
    wait_until_watching(page)
    field = page.locator("#id_title")
    field.click()
    field.press("End")
    kept = 0
    while kept < min(len(old), len(new)) and old[kept] == new[kept]:
        kept += 1
    with autosave_of(page, title_posted(new)):
        for _ in range(len(old) - kept):
            field.press("Backspace")
        if new[kept:]:
            field.press_sequentially(new[kept:])
        page.locator("#id_standfirst").click()


def from_the_actions_menu(page, button):
    """Clicks a button in the editor footer's "more actions" menu and waits for the next page."""
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    with next_page_load(page):
        page.locator(button).click()


def messages(page):
    return page.locator(".messages").inner_text() if page.locator(".messages").count() else ""


def schedule(page, newsroom):
    """Sets the story to go live one to two minutes ahead, typed in the site's zone: after the
    steps that check it is not live yet, and before the rest of the journey ends."""
    go_live = (newsroom.now() + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
    # The story's own Publishing panel opens the scheduling dialog.
    page.locator("[data-schedule-status]").get_by_role(
        "button", name="Set go-live and take-down times…").click()
    field = page.locator("#id_go_live_at")
    field.click()
    field.press_sequentially(go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker opens inside the dialog and closes when one clicks elsewhere in it.
    page.get_by_text("Set publishing schedule").click()
    with next_page_load(page):
        page.locator("#schedule-publishing-dialog button[type=submit]").click()
    return go_live


def approve(page, comment):
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    page.locator("button[data-workflow-action-name=approve][data-workflow-action-modal-url]")\
        .click()
    field = page.locator("textarea[name=comment]")
    field.press_sequentially(comment)
    with next_page_load(page):
        field.locator("xpath=ancestor::form").locator("[type=submit]").click()


def slug_shown(page):
    """The slug Wagtail derived from the headline, as the Promote tab shows it."""
    page.get_by_role("tab", name="Promote").click()
    slug = page.locator("#id_slug").input_value()
    page.get_by_role("tab", name="Content").click()
    return slug


# Readers ---------------------------------------------------------------------------------------

def fetch(url):
    """The page's text, or None while it is not there."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def story_url(newsroom, slug):
    return f"{newsroom.base_url}/iran-news/{urllib.parse.quote(slug)}/"


def wait_for(condition, until, what):
    while not condition():
        assert time.time() < until, what
        time.sleep(2)


# The journeys ----------------------------------------------------------------------------------

JOURNEYS = [
    pytest.param("editor", "en", "Asia/Tehran", id="editor-tehran"),
    pytest.param("contributor", "fa", "Asia/Tehran", id="contributor-tehran-persian"),
    pytest.param("editor", "fa", "America/Los_Angeles", id="editor-los-angeles-persian"),
    pytest.param("contributor", "en", "America/Los_Angeles", id="contributor-los-angeles"),
]


@pytest.mark.parametrize(("role", "language", "newsroom"), [
    pytest.param(*journey.values, id=journey.id) for journey in JOURNEYS
], indirect=["newsroom"])
def test_the_editors_day(browser, newsroom, artifacts, role, language):
    shot = f"journey-{role}-{newsroom.zone.key.split('/')[-1].lower()}"
    story = STORIES[language]
    chief = sign_in(browser, newsroom, "chief")
    writer = chief if role == "editor" else sign_in(browser, newsroom, "reporter")

    # First the story scheduled a minute or two ahead, so that its time comes while the rest runs.
    _, edit_url = write_story(writer, newsroom, SCHEDULED)
    scheduled_slug = slug_shown(writer)
    if role == "contributor":
        from_the_actions_menu(writer, "button[name=action-submit]")
        open_editor(chief, edit_url)
    go_live = schedule(chief, newsroom)
    if role == "editor":
        from_the_actions_menu(chief, "button[name=action-publish]")
    else:
        approve(chief, "Fine to run at night.")
    chief.screenshot(path=artifacts / f"{shot}-1-scheduled.png")
    assert time.time() < go_live.timestamp(), "the steps outran the go-live time"
    assert fetch(story_url(newsroom, scheduled_slug)) is None, "live before its time"

    # The story: typed with a placeholder, autosaved, stopped by the copy desk.
    headline, edit_url = write_story(writer, newsroom, story, placeholder=" TK")
    if role == "editor":
        from_the_actions_menu(writer, "button[name=action-publish]")
        stopped = messages(writer)
        assert "Not published" in stopped and "TK" in stopped, stopped
    else:
        from_the_actions_menu(writer, "button[name=action-submit]")
        assert "submitted" in messages(writer), messages(writer)
        open_editor(chief, edit_url)
        stopped = messages(chief)
        assert "TK" in stopped, stopped
        chief.locator("footer [data-w-dropdown-target=toggle]").last.click()
        expect(chief.locator("[data-workflow-action-name=approve]")).to_have_count(0)
    # Autosave wrote that version, not somebody else.
    assert "newer version" not in stopped
    chief.screenshot(path=artifacts / f"{shot}-2-copy-desk.png", full_page=True)
    assert "TK" in chief.locator("#id_title").input_value()
    slug = slug_shown(chief)
    assert fetch(story_url(newsroom, slug)) is None

    # Fixed by typing, autosaved again, published with one click.
    retype_headline(chief, headline, story.headline)
    # The copy desk's list follows the autosave: the fixed fault is gone, without a reload.
    expect(chief.locator("[data-copydesk-findings]").first).not_to_contain_text("TK")
    assert slug_shown(chief) != slug, "the slug did not follow the headline"
    slug = slug_shown(chief)
    if role == "editor":
        from_the_actions_menu(chief, "button[name=action-publish]")
        assert "has been published" in messages(chief), messages(chief)
    else:
        # The approve action comes back once the saved version passes the copy desk.
        with next_page_load(chief):
            chief.locator("footer button[type=submit]:has-text('Save draft')").click()
        approve(chief, "Good to go.")
    assert "newer version" not in messages(chief)
    chief.screenshot(path=artifacts / f"{shot}-3-published.png")
    if language == "fa":
        assert re.search(r"[\u0600-\u06FF]", slug), f"{slug!r} is not the Persian headline"
        # One spelling: the ZWNJ a hyphen, the Arabic kaf a Persian one, as the server has it.
        assert "کشتی-های" in slug and slug.endswith("کیش"), slug
    reader = browser.new_page(viewport={"width": 1366, "height": 900})
    reader.goto(story_url(newsroom, slug))
    expect(reader.locator("h1")).to_have_text(story.headline)

    # A correction with the time it defaults to: now, in the site's zone.
    open_editor(chief, edit_url)
    chief.get_by_role("button", name="Add Note").click()
    noted_at = chief.locator("input[name='corrections-0-noted_at']")
    default = datetime.datetime.strptime(noted_at.input_value(), "%Y-%m-%d %H:%M")
    site_now = newsroom.now().replace(tzinfo=None)
    assert abs(site_now - default) < datetime.timedelta(minutes=3), (default, site_now)
    zone_shown = noted_at.locator("xpath=ancestor::div[@class='dateline-zoned-time']")
    expect(zone_shown).to_contain_text(f"Time in {newsroom.zone.key}")
    # "Now" gives the site's time too, not the browser's, hours away in Kiritimati.
    # Typed, as an editor would: the date picker that opens follows the field while the editor
    # still scrolls to the new note, so it never lies over "Now".
    noted_at.fill("2000-01-01 00:00")
    zone_shown.get_by_role("button", name="Now").click()
    expect(noted_at).not_to_have_value("2000-01-01 00:00")
    now = datetime.datetime.strptime(noted_at.input_value(), "%Y-%m-%d %H:%M")
    assert abs(newsroom.now().replace(tzinfo=None) - now) < datetime.timedelta(minutes=3)
    chief.locator("textarea[name='corrections-0-text']").press_sequentially(CORRECTION)
    chief.screenshot(path=artifacts / f"{shot}-4-correction.png")
    from_the_actions_menu(chief, "button[name=action-publish]")
    assert "has been published" in messages(chief), messages(chief)
    reader.goto(story_url(newsroom, slug))
    expect(reader.get_by_text(CORRECTION)).to_be_visible()
    reader.screenshot(path=artifacts / f"{shot}-5-corrected.png", full_page=True)
    reader.goto(newsroom.base_url + "/corrections/")
    expect(reader.get_by_text(CORRECTION)).to_be_visible()

    # The scheduled story, live once its time has come.
    wait_for(lambda: fetch(story_url(newsroom, scheduled_slug)) is not None,
             go_live.timestamp() + 90, "the worker did not publish the story within 90 s")
    assert time.time() >= go_live.timestamp() - 5, "published before its time"
    reader.goto(story_url(newsroom, scheduled_slug))
    expect(reader.locator("h1")).to_have_text(SCHEDULED.headline)
    reader.screenshot(path=artifacts / f"{shot}-6-scheduled-live.png")
    assert SCHEDULED.headline in fetch(newsroom.base_url + "/iran-news/")
    reader.close()


def publish_while_an_autosave_is_answered_late(page, newsroom, text):
    """The autosave reaches the server, its answer is held back while Publish is clicked: the
    publish must wait for it, not be taken for a conflict with the editor's own autosave."""
    held = []

    def hold_the_answer(route):
        if "application/json" in route.request.headers.get("accept", ""):
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route("**/admin/pages/*/edit/", hold_the_answer)
    field = page.locator("#id_standfirst")
    field.press("Control+End")
    field.press_sequentially(text)
    deadline = time.time() + 60
    while not held:
        assert time.time() < deadline, "no autosave was sent"
        page.wait_for_timeout(250)  # Playwright hands over intercepted requests while it waits
    page.locator("footer [data-w-dropdown-target=toggle]").last.click()
    with next_page_load(page):
        # The click has fired the form's submit when it returns; the answer is still held.
        page.locator("button[name=action-publish]").click()
        route, response = held[0]
        route.fulfill(response=response)
    page.unroute("**/admin/pages/*/edit/")
    return messages(page)


@pytest.mark.parametrize("newsroom", ["Asia/Tehran"], indirect=True)
def test_two_editors_on_one_story_are_told_and_nothing_goes_live_unseen(browser, newsroom,
                                                                         artifacts):
    """Two real sessions: the second editor's autosave makes the first's form out of date;
    Wagtail refuses the first's autosave, and its publish is kept as a draft, with word of
    whose version it would have gone over."""
    edit_url = f"{newsroom.base_url}/admin/pages/{newsroom.published_story_id}/edit/"
    live_url = story_url(newsroom, newsroom.published_story_slug)
    assert fetch(live_url) is not None
    chief, deputy = sign_in(browser, newsroom, "chief"), sign_in(browser, newsroom, "deputy")

    # Alone first: Publish clicked while the chief's own autosave is on its way goes through.
    open_editor(chief, edit_url)
    told = publish_while_an_autosave_is_answered_late(chief, newsroom, " Ferries run again.")
    assert "has been published" in told and "newer version" not in told, told
    assert "Ferries run again." in fetch(live_url)

    open_editor(chief, edit_url)
    open_editor(deputy, edit_url)

    standfirst = deputy.locator("#id_standfirst")
    standfirst.press("Control+End")
    with autosave_of(deputy, "Ferries are back."):
        standfirst.press_sequentially(" Ferries are back.")

    field = chief.locator("#id_standfirst")
    field.press("Control+End")
    with chief.expect_response(is_autosave) as refused:
        field.press_sequentially(" Ferries are running late.")
    assert refused.value.json()["error_code"] == "invalid_revision"
    # Wagtail's own warning, once its editing session has heard of the newer version.
    chief.locator("footer [data-w-dropdown-target=toggle]").last.click()
    publish = chief.locator("button[name=action-publish]")
    expect(chief.locator("[data-w-session-intercept-value=conflict]")).to_have_count(1)
    publish.click()
    dialog = chief.locator("#w-save-confirmation-dialog")
    expect(dialog).to_be_visible()
    chief.screenshot(path=artifacts / "conflict-1-wagtail-warns.png")
    with next_page_load(chief):
        dialog.locator("[data-w-dialog-target=confirm], button:has-text('Continue')").first\
            .click()
    told = messages(chief)
    chief.screenshot(path=artifacts / "conflict-2-not-published.png")
    assert "Not published: Desk Deputy saved a newer version" in told, told
    assert "has been published" not in told and "has been updated" not in told
    live_after = fetch(live_url)
    assert "Ferries are running late" not in live_after
    assert "Ferries are back" not in live_after
