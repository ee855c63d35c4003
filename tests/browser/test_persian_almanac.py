"""A reader of the Persian edition opens a Solar Hijri day of On This Day in Chromium."""

import re
import subprocess
import sys

import pytest

from tests.browser.conftest import VIEWPORTS
from tests.conftest import REPOSITORY, free_port, wait_until_serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def persian_demo(demo_environment):
    """The session's demo newsroom served with Persian among its languages."""
    env = {**demo_environment["env"],
           "DJANGO_SETTINGS_MODULE": "tests.browser.persian_edition_settings"}
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1"],
        env=env, cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url + "/", process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_persian_reader_opens_16_azar_and_walks_to_the_next_day(browser, persian_demo,
                                                                   artifacts):
    context = browser.new_context(locale="fa-IR", viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    try:
        # The Persian edition's own address where it has a /fa/ prefix, else the reader's
        # language chooses it.
        response = page.goto(persian_demo + "/fa/on-this-day/9/16/")
        if response.status == 404:
            response = page.goto(persian_demo + "/on-this-day/9/16/")
        assert response.status == 200
        assert page.locator("h1").inner_text() == "۱۶ آذر"
        history = page.locator(".almanac-list").first.inner_text()
        assert "دانشگاه تهران" in history and "۱۳۳۲" in history
        page.screenshot(path=artifacts / "persian-on-this-day-16-azar.png", full_page=True)

        page.locator("a[rel=next]").click()
        page.wait_for_url(re.compile(r"/on-this-day/9/17/$"))
        assert page.locator("h1").inner_text() == "۱۷ آذر"
        assert "جان لنون" in page.locator(".almanac-list").first.inner_text()
    finally:
        context.close()
