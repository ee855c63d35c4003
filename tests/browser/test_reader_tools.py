"""A reader's tools in real Chromium, on a phone and a desktop, in both colour schemes: every
section within reach, the theme button, share and copy-link, a gallery, a story printed to PDF,
and the Nu checker and axe on the new parts."""

import io
import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.browser.test_validators import AXE, VNU_JAR, axe_violations, nu_errors

pytestmark = pytest.mark.browser

GALLERY_STORY = "/culture/shiraz-naqqali-storyteller/"
PLAIN_STORY = "/culture/armenian-duduk-makers/"
SCHEMES = ("light", "dark")
PAPER = {"light": "rgb(251, 249, 244)", "dark": "rgb(22, 21, 19)"}


def eventually(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the page never got there"
        time.sleep(0.1)


def background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_section_is_in_view_and_the_theme_follows_the_system_until_chosen(
        open_page, artifacts, viewport):
    for scheme in SCHEMES:
        page = open_page("/", viewport, color_scheme=scheme)
        width = page.viewport_size["width"]
        links = page.locator(".sections-nav a")
        assert links.count() >= 5
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            # Wholly on the screen, none cut off at its edge ("ECONO…").
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, links.nth(index)
        nav = page.locator(".sections-nav ul")
        assert nav.evaluate("ul => ul.scrollWidth <= ul.clientWidth")
        assert background(page) == PAPER[scheme]
        page.screenshot(path=artifacts / f"reader-tools-home-{viewport}-{scheme}.png")

        toggle = page.locator(".theme-toggle")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-pressed") == str(scheme == "dark").lower()
        toggle.click()
        other = "light" if scheme == "dark" else "dark"
        assert background(page) == PAPER[other]
        assert toggle.get_attribute("aria-pressed") == str(other == "dark").lower()
        # The choice outlives the page, and applies before the first paint of the next.
        page.reload()
        assert page.evaluate("document.documentElement.className") == f"theme-{other}"
        assert background(page) == PAPER[other]
        page.screenshot(path=artifacts / f"reader-tools-home-{viewport}-{scheme}-toggled.png")


def test_a_story_is_shared_through_the_browser_or_the_networks_own_pages(open_page, live_demo,
                                                                        artifacts):
    page = open_page(PLAIN_STORY, permissions=["clipboard-read", "clipboard-write"])
    address = page.locator('link[rel="canonical"]').get_attribute("href")
    copy = page.locator(".share__copy")
    assert copy.is_visible()
    copy.click()
    expect(page.locator(".share__status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == address
    hosts = [link.split("/")[2] if "://" in link else link.split(":")[0]
             for link in page.locator(".share a").evaluate_all("as => as.map(a => a.href)")]
    assert hosts == ["mailto", "wa.me", "t.me", "x.com", "www.facebook.com", "bsky.app"]
    # Chromium on Linux has no share sheet: the button stays hidden. Where the browser has
    # one (here a stand-in recording what it is handed), the button opens it with the story.
    assert not page.locator(".share__native").is_visible()
    page.screenshot(path=artifacts / "reader-tools-share.png")

    page = open_page(PLAIN_STORY, "phone")
    page.add_init_script("navigator.share = data => { window.shared = data; "
                         "return Promise.resolve(); }")
    page.reload()
    page.locator(".share__native").click()
    shared = page.evaluate("window.shared")
    assert shared["url"] == address
    assert shared["title"] == page.locator("h1").inner_text()


def test_a_gallery_moves_by_button_key_and_swipe_without_shifting_the_page(open_page,
                                                                            artifacts):
    page = open_page(GALLERY_STORY, "phone")
    gallery = page.locator(".gallery")
    gallery.scroll_into_view_if_needed()
    height = gallery.bounding_box()["height"]
    position = page.locator(".gallery__position")
    assert position.inner_text() == "1 of 4"
    page.locator(".gallery__next").click()
    expect(position).to_have_text("2 of 4")
    track = page.locator(".gallery__track")
    # The page's policy refuses eval, which wait_for_function needs: these waits poll instead.
    eventually(lambda: track.evaluate("t => t.scrollLeft") > 100)
    page.screenshot(path=artifacts / "reader-tools-gallery-phone.png")
    track.focus()
    page.keyboard.press("ArrowRight")
    expect(position).to_have_text("3 of 4")
    # A swipe is the track's own scrolling; the count follows it.
    track.evaluate("t => t.scrollTo({left: 0, behavior: 'instant'})")
    expect(position).to_have_text("1 of 4")
    expect(page.locator(".gallery__previous")).to_be_disabled()
    # Every picture loaded (the frame reserved its shape): the gallery kept its height.
    track.evaluate("t => t.scrollTo({left: t.scrollWidth, behavior: 'instant'})")
    eventually(lambda: track.evaluate(
        "t => [...t.querySelectorAll('img')].every(img => img.complete && img.naturalWidth)"))
    assert gallery.bounding_box()["height"] == height
    # The page's layout shifts so far (none at all gives no entry: hence the timer).
    shifts = page.evaluate("""() => new Promise(done => {
        let sum = 0;
        new PerformanceObserver(list => list.getEntries().forEach(entry => { sum += entry.value; }))
            .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => done(sum), 500);
    })""")
    assert shifts < 0.05


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_story_prints_as_the_story(open_page, live_demo, artifacts, scheme):
    from pypdf import PdfReader

    for path, most_pages in ((PLAIN_STORY, 2), (GALLERY_STORY, 4)):
        page = open_page(path, color_scheme=scheme)
        headline = page.locator("h1").inner_text()
        pdf = page.pdf(format="A4")
        (artifacts / f"reader-tools-print-{path.strip('/').replace('/', '-')}-{scheme}.pdf"
         ).write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(pdf_page.extract_text().split()) for pdf_page in reader.pages)
        assert 1 <= len(reader.pages) <= most_pages, len(reader.pages)
        assert " ".join(headline.split()) in text
        assert "By " in text and "Published" in text
        first_words = " ".join(page.locator(".article__body p").first.inner_text().split()[:8])
        assert first_words in text
        assert f"This story: {live_demo}{path}" in text
        for chrome in ("Related news", "About The Caspian Ledger", "Copy link", "WhatsApp",
                       "On This Day", "Skip to the main content", "Published with Dateline"):
            assert chrome.lower() not in text.lower(), chrome
        if path == GALLERY_STORY:
            for caption in page.locator(".gallery .figure__caption").all_inner_texts():
                assert " ".join(caption.split()[:5]) in text


NEW_PAGES = {"gallery-story": GALLERY_STORY, "section": "/culture/",
             "not-found": "/culture/no-such-story/", "home": "/"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_new_parts_have_no_accessibility_violations(open_page, scheme):
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    findings = {}
    for name, path in NEW_PAGES.items():
        for viewport in ("phone", "desktop"):
            page = open_page(path, viewport, bypass_csp=True, color_scheme=scheme)
            if violations := axe_violations(page, name):
                findings[f"{name}/{viewport}/{scheme}"] = violations
    assert findings == {}


def test_the_new_parts_pass_the_nu_html_checker(live_demo, artifacts):
    if shutil.which("java") is None or not VNU_JAR.exists():
        pytest.skip("needs Java and tests/validators/node_modules (scripts/test installs both)")
    folder = artifacts / "html-reader-tools"
    folder.mkdir(exist_ok=True)
    assert nu_errors(live_demo, NEW_PAGES, folder) == []
