"""The static gates: bandit and Dateline's own semgrep rules find nothing unexplained in src/,
every rule is proven able to fail, and the dependency audit never passes without auditing.

ruff runs in scripts/test before the suite; these gates run here so that each prints its figure.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY

pytestmark = pytest.mark.database_independent

SOURCE = REPOSITORY / "src" / "dateline"
RULES = REPOSITORY / "tests" / "security" / "semgrep" / "dateline.yml"
SUPPRESSION = re.compile(r"#\s*(?:nosec|nosemgrep)\b.*$")
# The markers with their ids ("nosec B608, B703", "nosemgrep: dateline.mark-safe"): not a reason.
MARKERS = re.compile(r"nosec(?:\s+B\d{3}(?:\s*,\s*B\d{3})*)?"
                     r"|nosemgrep(?::\s*[\w.-]+(?:\s*,\s*[\w.-]+)*)?")


def run(*command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPOSITORY,
                          timeout=600, **kwargs)


def bandit(*targets, report):
    run(sys.executable, "-m", "bandit", "-q", "-r", *map(str, targets), "-f", "json",
        "-o", str(report), "--severity-level", "medium", "-x", "*/migrations/*")
    return json.loads(report.read_text())["results"]


def test_bandit_finds_nothing_of_medium_or_high_severity_unexplained(report_figure, tmp_path):
    findings = bandit(SOURCE, report=tmp_path / "bandit.json")
    report_figure("bandit: medium+ findings not explained in place",
                  len(findings))
    assert [f"{item['filename']}:{item['line_number']} {item['test_id']} {item['issue_text']}"
            for item in findings] == []


def test_bandit_fails_on_a_bad_sample(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("import subprocess\n\ndef run(command):\n"
                      "    return subprocess.run(command, shell=True)\n")
    found = bandit(sample, report=tmp_path / "bandit.json")
    assert [item["test_id"] for item in found] == ["B602"]


def suppressions():
    """(place, the comment, the line above) of every nosec and nosemgrep comment in the
    package."""
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix not in (".py", ".html") or "migrations" in path.parts:
            continue
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            match = SUPPRESSION.search(line)
            if match:
                above = lines[number - 2].strip() if number > 1 else ""
                yield f"{path.relative_to(REPOSITORY)}:{number}", match.group(0), above


def explained(comment, above):
    """A reason in words beside the marker (``# nosec B608 # values are parameters``), or a
    comment on the line above."""
    words = re.findall(r"[A-Za-z]{2,}", MARKERS.sub("", comment))
    return len(words) >= 2 or above.startswith("#")


def test_every_suppressed_finding_says_why(report_figure):
    found = list(suppressions())
    report_figure("bandit and semgrep findings suppressed with a reason", len(found))
    assert found, "the scan of suppressions found none: is SOURCE right?"
    assert [place for place, comment, above in found if not explained(comment, above)] == []


def test_a_bare_suppression_is_not_an_explanation():
    assert not explained("# nosec B608, B703", "return x")
    assert not explained("# nosec B608 # nosemgrep: dateline.mark-safe", "")
    assert explained("# nosec B608 # only placeholders are formatted in", "")
    assert explained("# nosec B608", "# the names come from the model's own metadata")


def semgrep_command():
    for candidate in (REPOSITORY / ".venv-tools" / "bin" / "semgrep", shutil.which("semgrep")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.fail("semgrep is not installed: scripts/test installs it in .venv-tools")


def semgrep(*targets):
    result = run(semgrep_command(), "scan", "--metrics=off", "--disable-version-check",
                 "--config", str(RULES), "--json", "--quiet", *map(str, targets),
                 env={**os.environ, "SEMGREP_SEND_METRICS": "off"})
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    return [(item["check_id"].rsplit(".", 2)[-2] + "." + item["check_id"].rsplit(".", 1)[-1],
             Path(item["path"]).name) for item in report["results"]]


# One sample per rule that the rule must flag, and one that it must leave alone.
BAD_SAMPLES = {
    "dateline.mark-safe": ("view.py", "from django.utils.safestring import mark_safe\n\n"
                           "def headline(request):\n"
                           "    return mark_safe(request.GET['q'])\n"),
    "dateline.safe-filter-in-template": ("story.html", "<h1>{{ page.title|safe }}</h1>\n"),
    "dateline.fetch-outside-fetching": ("embeds.py", "import urllib.request\n\n"
                                        "def oembed(url):\n"
                                        "    return urllib.request.urlopen(url).read()\n"),
    "dateline.xml-without-defusedxml": ("feed.py", "from xml.etree import ElementTree as ET\n\n"
                                        "def read(data):\n    return ET.fromstring(data)\n"),
    "dateline.shell-command": ("convert.py", "import subprocess\n\ndef convert(name):\n"
                               "    subprocess.run(f'convert {name}', shell=True)\n"),
    "dateline.sql-string-formatting": ("lookup.py", "from django.db import connection\n\n"
                                       "def find(slug):\n"
                                       "    with connection.cursor() as cursor:\n"
                                       "        cursor.execute(f\"SELECT id FROM page WHERE slug"
                                       " = '{slug}'\")\n"),
    "dateline.csrf-exempt": ("hooks.py", "from django.views.decorators.csrf import csrf_exempt"
                             "\n\n@csrf_exempt\ndef webhook(request):\n    return None\n"),
}
GOOD_SAMPLE = ("good.py", "import subprocess\n\nfrom defusedxml.ElementTree import fromstring\n"
               "from django.db import connection\n\n"
               "def fine(data, slug, name):\n"
               "    subprocess.run(['convert', name], check=True)\n"
               "    with connection.cursor() as cursor:\n"
               "        cursor.execute('SELECT id FROM page WHERE slug = %s', [slug])\n"
               "    return fromstring(data)\n")


def test_dateline_semgrep_rules_find_nothing_unreviewed_in_the_package(report_figure):
    findings = semgrep(SOURCE)
    report_figure("semgrep: findings of Dateline's rules not reviewed in place", len(findings))
    assert findings == []


def test_each_semgrep_rule_fires_on_its_bad_sample_and_not_on_good_code(tmp_path):
    for name, text in [*BAD_SAMPLES.values(), GOOD_SAMPLE]:
        (tmp_path / name).write_text(text)
    found = semgrep(tmp_path)
    assert set(found) == {(rule, name) for rule, (name, _) in BAD_SAMPLES.items()}
    rules = re.findall(r"^\s*- id: (\S+)", RULES.read_text(), re.MULTILINE)
    assert sorted(rules) == sorted(BAD_SAMPLES)


AUDIT = REPOSITORY / "scripts" / "audit-dependencies"


def test_the_dependency_audit_passes_only_when_it_audited_everything(report_figure):
    result = run(str(AUDIT))
    if result.returncode == 2:
        report_figure("dependency audit", result.stderr.strip())
        pytest.skip(result.stderr.strip())
    report_figure("dependency audit", result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0, result.stdout


def test_the_dependency_audit_fails_when_its_services_are_unreachable(tmp_path):
    # A proxy that refuses every connection: neither PyPI nor OSV can be asked.
    unreachable = "http://127.0.0.1:9"
    env = {**os.environ, "HTTPS_PROXY": unreachable, "HTTP_PROXY": unreachable,
           "https_proxy": unreachable, "http_proxy": unreachable, "NO_PROXY": "",
           "no_proxy": ""}
    result = run(str(AUDIT), "--cache-dir", str(tmp_path), env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("could not audit: pypi: ")
    assert "No known vulnerabilities found" not in result.stdout
