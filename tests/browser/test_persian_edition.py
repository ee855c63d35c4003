"""Every kind of page of the demo's Persian edition passes the Nu HTML Checker and axe-core at
phone and desktop widths, is laid out right to left in the site's own Persian font, and is
photographed into test-artifacts/persian-edition/."""

import datetime
import re
import shutil

import jdatetime
import pytest
from playwright.sync_api import expect

from tests.browser.test_validators import AXE, VNU_JAR, axe_violations, fetch, nu_errors

pytestmark = pytest.mark.browser


def persian_pages(base_url):
    """One page of each kind in the Persian edition, found from its front page."""
    home = fetch(base_url + "/fa/")
    article = home.split('class="story__headline"><a href="')[1].split('"')[0]
    section = home.split('class="sections-nav"')[1].split('href="')[1].split('"')[0]
    return {
        "home": "/fa/",
        "section": section,
        "article": article,
        "about": "/fa/darbare/",
        "search": "/fa/search/?q=%D9%86%D9%88%D8%B1%D9%88%D8%B2",
        "corrections": "/fa/corrections/",
        "not-found": "/fa/no-such-page/",
    }


@pytest.fixture(scope="module")
def pages(live_demo):
    return persian_pages(live_demo)


def test_persian_pages_pass_the_nu_html_checker(live_demo, pages, artifacts):
    if shutil.which("java") is None or not VNU_JAR.exists():
        pytest.skip("needs Java and tests/validators/node_modules (scripts/test installs both)")
    folder = artifacts / "persian-edition" / "html"
    folder.mkdir(parents=True, exist_ok=True)
    assert nu_errors(live_demo, pages, folder) == []


def test_persian_pages_are_accessible_right_to_left_and_in_their_own_font(open_page, pages,
                                                                          artifacts):
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    shots = artifacts / "persian-edition"
    shots.mkdir(parents=True, exist_ok=True)
    findings = {}
    for name, path in pages.items():
        for viewport in ("phone", "desktop"):
            page = open_page(path, viewport, bypass_csp=True)
            page.evaluate("document.fonts.ready")
            layout = page.evaluate("""() => ({
                direction: getComputedStyle(document.body).direction,
                vazirmatn: document.fonts.check('1rem Vazirmatn', 'سلام'),
                loaded: [...document.fonts].some(
                    face => face.family.includes('Vazirmatn') && face.status === 'loaded'),
                overflow: document.documentElement.scrollWidth
                    > document.documentElement.clientWidth,
            })""")
            assert layout == {"direction": "rtl", "vazirmatn": True, "loaded": True,
                              "overflow": False}, (name, viewport)
            page.screenshot(path=str(shots / f"{name}-{viewport}.png"), full_page=True)
            if violations := axe_violations(page, name):
                findings[f"{name}/{viewport}"] = violations
    assert findings == {}


def test_the_switch_leads_from_a_persian_story_to_its_english_original(open_page, pages):
    page = open_page("/fa/", "phone")
    page.click(".edition-switch a")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.url.endswith("/")
    page = open_page("/fa/iran/nowruz-va-sonnat-ha/", "desktop")
    page.click(".edition-switch a")
    assert page.url.endswith("/iran-news/nowruz-traditions-explained/")
    assert page.evaluate("document.documentElement.dir") == "ltr"


def in_solar_hijri(day):
    """«۱۷ آذر ۱۴۰۵» for 2026-12-08, by jdatetime, beside the site's own calendar code."""
    solar = jdatetime.date.fromgregorian(date=day)
    return f"{solar.day} {jdatetime.date.j_months_fa[solar.month - 1]} {solar.year}".translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_a_persian_reader_on_a_phone_finds_a_story_by_another_spelling_and_todays_day(
        open_page, artifacts):
    """Typed as many keyboards write it: a space for the ZWNJ and an Arabic kaf."""
    page = open_page("/fa/", "phone")
    today = datetime.date.fromisoformat(
        page.locator(".masthead__date time").get_attribute("datetime"))
    page.goto(page.url.removesuffix("/fa/") + "/fa/search/")
    box = page.locator("main input[name=q]")
    box.fill("ستاره شناسان \u0643رمان")
    box.press("Enter")
    headline = "ستاره‌شناسان آماتور کرمان"
    result = page.get_by_role("link", name=re.compile(headline))
    expect(result).to_be_visible()
    expect(page.locator(".search-results__snippet mark").first).to_have_text("کرمان")
    result.click()
    expect(page.locator("h1")).to_contain_text(headline)
    published = page.locator("main time[datetime*='T']").first
    day = datetime.date.fromisoformat(published.get_attribute("datetime")[:10])
    expect(published).to_contain_text(in_solar_hijri(day))
    page.screenshot(path=artifacts / "persian-phone-found-by-another-spelling.png",
                    full_page=True)
    page.get_by_role("link", name="در چنین روزی").first.click()
    expect(page.locator("h1")).to_have_text(in_solar_hijri(today).rsplit(" ", 1)[0])
    page.screenshot(path=artifacts / "persian-phone-on-this-day.png", full_page=True)
