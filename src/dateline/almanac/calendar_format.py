"""The BSD ``calendar`` file format, read into almanac entries awaiting review.

A line is ``MM/DD<TAB>text, YEAR``; a line starting with a tab continues the entry above it.
Files also carry C comments, preprocessor lines (``#include``, ``#ifndef``), settings such as
``LANG=`` and dates this almanac cannot hold (``*`` wildcards, Easter offsets, weekdays);
those are skipped, and the ones that could have been entries are reported with their line.
"""

import re
from dataclasses import dataclass, field

from dateline.almanac.models import calendar_day

MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}
NUMERIC_DATE = re.compile(r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})$")
NAMED_DATE = re.compile(r"^(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})$")
SETTING = re.compile(r"^[A-Z_]+=")
# The year ends the text: ", 1959", " 1966", "(1966)", ". 1936", "44BC", "323 B.C.".
# Without a comma or brackets only four digits count, so "Boeing 747" keeps its number.
TRAILING_YEAR = re.compile(
    r"""(?:,\s*\(?(?P<short>\d{1,4})|\s\(?(?P<long>\d{4})|\s?\(?(?P<bc_year>\d{1,4})\s?
        (?P<bc>B\.?\s?C\.?))\)?\.?$""",
    re.VERBOSE,
)
MAX_TEXT = 600


@dataclass(frozen=True)
class CalendarEntry:
    line: int
    month: int
    day: int
    year: int | None
    text: str


@dataclass(frozen=True)
class SkippedLine:
    line: int
    reason: str
    content: str


@dataclass
class CalendarFile:
    entries: list[CalendarEntry] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    # Entries dated before the common era keep the era in their text: the almanac's year
    # field counts forward only, and a bare "-44" would mislead readers.
    years_before_common_era: list[int] = field(default_factory=list)


def parse_calendar(text):
    """Entries and skipped lines of a calendar file, in file order."""
    # A null character means nothing in a calendar, and PostgreSQL cannot store one: left in,
    # it would fail the whole import there.
    text = text.replace("\x00", "")
    parsed = CalendarFile()
    pending = None  # (line number, month, day, text so far) of the entry being read

    def finish():
        if pending is not None:
            add_entry(parsed, *pending)

    in_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if in_comment:
            in_comment = "*/" not in line
            continue
        if line.lstrip().startswith("/*"):
            in_comment = "*/" not in line
            continue
        if line.startswith(("\t", " ")) and line.strip():
            if pending is None:
                parsed.skipped.append(SkippedLine(number, "continues no entry", line.strip()))
            else:
                pending = (*pending[:3], f"{pending[3]} {line.strip()}")
            continue
        finish()
        pending = None
        if not line.strip() or line.startswith("//"):
            continue
        if line.startswith("#"):
            if line.startswith("#include"):
                parsed.skipped.append(SkippedLine(number, "#include is not followed", line))
            continue
        if SETTING.match(line):
            continue
        when, _tab, rest = line.partition("\t")
        date = parse_date(when.strip())
        if date is None:
            parsed.skipped.append(SkippedLine(number, unparsable_reason(when), line))
            continue
        month, day = date
        if calendar_day(month, day) is None:
            parsed.skipped.append(SkippedLine(number, "no such calendar day", line))
            continue
        pending = (number, month, day, rest.strip())
    finish()
    return parsed


def parse_date(when):
    """(month, day) for ``01/31``, ``Jan 31`` or ``January 31``; None for anything else."""
    match = NUMERIC_DATE.match(when)
    if match:
        return int(match["month"]), int(match["day"])
    match = NAMED_DATE.match(when)
    if match and match["month"].lower() in MONTHS:
        return MONTHS[match["month"].lower()], int(match["day"])
    return None


def unparsable_reason(when):
    if "*" in when:
        return "wildcard dates repeat and are not almanac days"
    return "date not understood"


def add_entry(parsed, number, month, day, text):
    if not text:
        parsed.skipped.append(SkippedLine(number, "no text", f"{month:02}/{day:02}"))
        return
    year = None
    match = TRAILING_YEAR.search(text)
    if match and match["bc"]:
        parsed.years_before_common_era.append(number)
    elif match:
        year = int(match["short"] or match["long"])
        text = text[: match.start()].rstrip(" ,.(")
    if len(text) > MAX_TEXT:
        parsed.skipped.append(SkippedLine(number, f"text longer than {MAX_TEXT} characters",
                                          text[:60]))
        return
    parsed.entries.append(CalendarEntry(number, month, day, year, text))
