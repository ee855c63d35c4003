"""Where benchmarks record their figures: each owns one "## " section of docs/performance.md
and rewrites only that, so the others' figures survive."""

import re
from pathlib import Path

PERFORMANCE = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def write_section(heading, section):
    """Replaces the section that starts with ``heading`` (up to the next "## " heading) with
    ``section``, or appends it."""
    text = PERFORMANCE.read_text(encoding="utf-8") if PERFORMANCE.exists() else \
        "# Performance\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    section = section.rstrip("\n") + "\n"
    if pattern.search(text):
        text = pattern.sub(lambda _match: section + "\n", text).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    PERFORMANCE.write_text(text, encoding="utf-8")
