from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from dateline.almanac.calendar_format import parse_calendar
from dateline.almanac.models import AlmanacEntry

pytestmark = pytest.mark.django_db
HISTORY = Path("/usr/share/calendar/calendar.history")

EDGE_CASES = """\
/*
 * A hand-made calendar with the awkward parts of the format.
 */
#ifndef _calendar_test_
#include <calendar.holiday>
LANG=en_US.UTF-8

01/01\tCastro expels Cuban President Batista, 1959
01/02\tCanada and the United States agree on a plan to preserve
\tNiagara Falls, 1929
01/05\tTwelfth night
Jan 27\tThe first edition of Life is published. 1936
09/08\t"Star Trek" debuts on NBC (1966)
03/15\tJulius Caesar is stabbed to death, 44BC
06/09\tThe Roman Emperor Nero commits suicide, 68
04/01\tBoeing 747 seen over the valley
02/29\tA leap-day wedding, 1504
02/30\tA day that never was, 1999
*\tWildcard: the first of every month
Easter-2\tGood Friday
#endif
"""


def import_almanac(path, *args):
    output = StringIO()
    call_command("import_almanac", str(path), *args, stdout=output)
    return output.getvalue()


@pytest.fixture
def edge_case_file(tmp_path):
    path = tmp_path / "calendar.test"
    path.write_text(EDGE_CASES)
    return path


def test_the_parser_reads_years_continuations_and_named_months():
    parsed = parse_calendar(EDGE_CASES)
    read = [(e.month, e.day, e.year, e.text) for e in parsed.entries]
    assert read == [
        (1, 1, 1959, "Castro expels Cuban President Batista"),
        (1, 2, 1929, "Canada and the United States agree on a plan to preserve Niagara Falls"),
        (1, 5, None, "Twelfth night"),
        (1, 27, 1936, "The first edition of Life is published"),
        (9, 8, 1966, '"Star Trek" debuts on NBC'),
        (3, 15, None, "Julius Caesar is stabbed to death, 44BC"),
        (6, 9, 68, "The Roman Emperor Nero commits suicide"),
        (4, 1, None, "Boeing 747 seen over the valley"),
        (2, 29, 1504, "A leap-day wedding"),
    ]


def test_the_parser_reports_includes_impossible_days_and_wildcards():
    parsed = parse_calendar(EDGE_CASES)
    reasons = {skipped.line: skipped.reason for skipped in parsed.skipped}
    assert reasons == {
        5: "#include is not followed",
        18: "no such calendar day",
        19: "wildcard dates repeat and are not almanac days",
        20: "date not understood",
    }
    assert parsed.years_before_common_era == [14]


def test_a_continuation_line_with_nothing_above_is_reported():
    parsed = parse_calendar("\tan orphaned line, 1900\n")
    assert parsed.entries == []
    assert parsed.skipped[0].reason == "continues no entry"


def test_imported_entries_await_approval_and_a_rerun_adds_none(edge_case_file):
    first = import_almanac(edge_case_file)
    assert "Imported 9 of 9 entries" in first
    assert AlmanacEntry.objects.count() == 9
    assert not AlmanacEntry.objects.filter(approved=True).exists()
    second = import_almanac(edge_case_file)
    assert "Imported 0 of 9 entries" in second
    assert "Skipped 9 already in the almanac." in second
    assert AlmanacEntry.objects.count() == 9


def test_an_entry_an_editor_already_approved_is_not_imported_again(edge_case_file):
    AlmanacEntry.objects.create(month=1, day=5, text="Twelfth night", approved=True)
    import_almanac(edge_case_file)
    assert AlmanacEntry.objects.filter(month=1, day=5).count() == 1


def test_a_dry_run_reports_without_saving(edge_case_file):
    output = import_almanac(edge_case_file, "--dry-run")
    assert "Would import 9 of 9 entries" in output
    assert "line 19" in output
    assert AlmanacEntry.objects.count() == 0


def test_a_missing_file_names_the_remedy(tmp_path):
    with pytest.raises(CommandError, match="Give the path of a calendar file"):
        import_almanac(tmp_path / "absent")


@pytest.mark.skipif(not HISTORY.exists(),
                    reason="needs Debian's calendar package: apt-get install calendar")
def test_the_history_calendar_imports_unapproved_and_stays_off_the_site(newsroom, client):
    dated_lines = sum(1 for line in HISTORY.read_text().splitlines() if line[:1].isdigit())
    import_almanac(HISTORY)
    imported = AlmanacEntry.objects.count()
    assert dated_lines - 5 <= imported <= dated_lines
    assert not AlmanacEntry.objects.filter(approved=True).exists()
    assert "Imported 0 of" in import_almanac(HISTORY)
    assert AlmanacEntry.objects.count() == imported

    castro = "Castro expels Cuban President Batista"
    page = client.get("/on-this-day/1/1/")
    assert page.status_code == 200
    assert castro not in page.content.decode()
    AlmanacEntry.objects.filter(month=1, day=1, year=1959).update(approved=True)
    assert castro in client.get("/on-this-day/1/1/").content.decode()
