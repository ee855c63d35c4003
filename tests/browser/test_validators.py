"""The reader pages pass the Nu HTML Checker and axe-core (WCAG 2.1 A and AA) with no findings,
and an article page weighs at most 100 KB of HTML, CSS and JS before images."""

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

NODE_MODULES = Path(__file__).resolve().parents[1] / "validators" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_BUDGET_BYTES = 100 * 1024


def reader_pages(base_url):
    """One page of each kind a reader meets, found by following links from the home page."""
    home = fetch(base_url + "/")
    article = home.split('class="story__headline"><a href="')[1].split('"')[0]
    return {
        "home": "/",
        "section": "/iran-news/",
        "article": article,
        "author": "/authors/nasrin-tavakoli/",
        "topic": "/topics/",
        "topic-page": first_topic(fetch(base_url + "/topics/")),
        "on-this-day": "/on-this-day/",
        "on-this-day-leap": "/on-this-day/2/29/",
        "about": "/about/",
        "not-found": "/no-such-page/",
        "search": "/search/?q=tea",
        "corrections": "/corrections/",
        "live-blog": "/iran-news/live-caspian-storm/",
        "live-blog-ended": "/culture/live-tbilisi-book-fair-opening/",
        **archive_pages(base_url, home),
    }


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:
        return error.read().decode()


def first_topic(html):
    return html.split('class="topic-grid__title"><a href="')[1].split('"')[0]


def archive_pages(base_url, home):
    """This year's archive from the footer, its first month, and the day of that month's
    newest story."""
    year = home.split('">Archive</a>')[0].rsplit('href="', 1)[1]
    months = fetch(base_url + year).split('aria-label="Months of ')[1]
    month = months.split('href="')[1].split('"')[0]
    story_date = fetch(base_url + month).split('<time datetime="')[2][:10]
    day = "/archive/{}/{}/{}/".format(*(int(part) for part in story_date.split("-")))
    return {"archive-year": year, "archive-month": month, "archive-day": day}


@pytest.fixture(scope="module")
def pages(live_demo):
    return reader_pages(live_demo)


def test_reader_pages_pass_the_nu_html_checker(live_demo, pages, artifacts):
    if shutil.which("java") is None or not VNU_JAR.exists():
        pytest.skip("needs Java and tests/validators/node_modules (scripts/test installs both)")
    folder = artifacts / "html"
    folder.mkdir(exist_ok=True)
    assert nu_errors(live_demo, pages, folder) == []


def test_reader_pages_have_no_accessibility_violations(open_page, pages):
    if not AXE.exists():
        pytest.skip("needs tests/validators/node_modules (scripts/test installs it)")
    findings = {}
    for name, path in pages.items():
        for viewport in ("phone", "desktop"):
            page = open_page(path, viewport, bypass_csp=True)
            if violations := axe_violations(page, name):
                findings[f"{name}/{viewport}"] = violations
    assert findings == {}


def test_reader_pages_weigh_at_most_100_kb_before_images(open_page, pages, artifacts):
    weights = {name: page_weight(open_page(path)) for name, path in pages.items()}
    (artifacts / "page-weights.json").write_text(json.dumps(weights, indent=2))
    assert all(0 < weight <= PAGE_BUDGET_BYTES for weight in weights.values()), weights


def page_weight(page):
    """Bytes of HTML, CSS and JS the browser decoded for the page, images left out."""
    return page.evaluate(
        """() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const assets = performance.getEntriesByType('resource')
                .filter(r => ['link', 'script', 'css'].includes(r.initiatorType));
            return nav.decodedBodySize + assets.reduce((sum, r) => sum + r.decodedBodySize, 0);
        }"""
    )


def axe_violations(page, name="the page"):
    """The WCAG 2.1 A and AA violations axe finds on ``page``, each as "rule: help [targets]",
    once it is sure axe checked something. A reader page must be opened with ``bypass_csp``:
    axe goes in as an inline script, which the pages' policy rightly refuses."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert result["passes"], f"axe checked nothing on {name}"
    return [f"{violation['id']}: {violation['help']} "
            f"{[node['target'] for node in violation['nodes']][:3]}"
            for violation in result["violations"]]


def nu_errors(base_url, pages, folder):
    """The Nu HTML checker's errors on ``pages`` ({name: path}), saved under ``folder`` and
    checked in one run of the checker."""
    files = []
    for name, path in pages.items():
        file = folder / f"{name}.html"
        file.write_text(fetch(base_url + path))
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=300, check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
            for m in messages if m["type"] == "error"]
