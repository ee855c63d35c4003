import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import built_once

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}

# Chromium must not phone home: this machine has no network, and pages must need none.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory):
    """test-artifacts/, emptied once per run, however many test processes write into it."""

    def empty(_folder):
        shutil.rmtree(ARTIFACTS, ignore_errors=True)
        ARTIFACTS.mkdir(parents=True)

    built_once(tmp_path_factory, "artifacts-emptied", empty)
    return ARTIFACTS


@pytest.fixture
def open_page(browser, live_demo):
    """A page in a fresh browser context that fails the test on any request to another host."""
    contexts = []
    foreign = []

    def open_page(path, viewport="desktop", bypass_csp=False, **context_options):
        context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=bypass_csp,
                                      **context_options)
        contexts.append(context)
        page = context.new_page()

        def watch(route):
            url = route.request.url
            if url.startswith(live_demo) or url.startswith("data:"):
                route.continue_()
            else:
                foreign.append(url)
                route.abort()

        page.route("**/*", watch)
        page.goto(live_demo + path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert foreign == [], f"pages asked other hosts for {foreign}"
