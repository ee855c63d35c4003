"""The Most read box in real Chromium, in both editions and colour schemes, on a phone and a
desktop: the demo's seeded reads make a numbered list under its heading on the front page and
on stories, which passes axe and the Nu checker."""

import shutil
import urllib.parse

import pytest

from tests.browser.test_validators import AXE, VNU_JAR, axe_violations, fetch, nu_errors

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")


def first_box_link(html):
    box = html.split('class="most-read"', 1)[1]
    return box.split('<a href="', 1)[1].split('"', 1)[0]


@pytest.fixture(scope="module")
def box_pages(live_demo):
    english_story = first_box_link(fetch(live_demo + "/"))
    persian_story = first_box_link(fetch(live_demo + "/fa/"))
    return {"home": "/", "story": english_story, "fa-home": "/fa/",
            "fa-story": persian_story}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_box_is_a_numbered_list_under_its_heading_with_no_accessibility_violations(
        open_page, box_pages, scheme):
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    findings = {}
    for name, path in box_pages.items():
        for viewport in ("phone", "desktop"):
            page = open_page(path, viewport, bypass_csp=True, color_scheme=scheme)
            box = page.locator("section.most-read")
            heading = box.get_by_role("heading", level=2)
            assert heading.is_visible()
            assert box.locator("ol > li > a").count() == 5
            label = page.locator("#" + box.get_attribute("aria-labelledby")).inner_text()
            assert label == heading.inner_text()
            if name.startswith("fa"):
                assert urllib.parse.unquote(box.locator("a").first.get_attribute(
                    "href")).startswith("/fa/")
            if violations := axe_violations(page, name):
                findings[f"{name}/{viewport}/{scheme}"] = violations
    assert findings == {}


def test_the_pages_with_the_box_pass_the_nu_html_checker(live_demo, box_pages, artifacts):
    if shutil.which("java") is None or not VNU_JAR.exists():
        pytest.skip("needs Java and tests/validators/node_modules (scripts/test installs both)")
    folder = artifacts / "html-most-read"
    folder.mkdir(exist_ok=True)
    assert nu_errors(live_demo, box_pages, folder) == []
