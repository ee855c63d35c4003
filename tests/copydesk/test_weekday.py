"""The weekday check compares days named in the text with the story's date."""

import datetime

import pytest

from dateline.copydesk.checks import weekday
from dateline.copydesk.reading import Copy

FRIDAY = datetime.date(2023, 10, 13)


def findings_in(text, published_on=FRIDAY):
    return list(weekday.check(Copy.of_text(text, published_on=published_on)))


@pytest.mark.parametrize("text", [
    "The minister said on Saturday that talks would resume.",
    "On Saturday, the army announced the end of the exercise.",
    "Crowds gathered in the square on Saturday night.",
    "Police arrested two men late Saturday.",
])
def test_a_past_event_on_the_day_after_publication_blocks(text):
    [finding] = findings_in(text)
    assert finding.blocks
    assert "Saturday" in finding.text
    assert "Friday 13 October 2023" in finding.message
    assert "last Saturday" in finding.message


@pytest.mark.parametrize("text", [
    "The minister said last Saturday that talks would resume.",
    "The minister spoke on Saturday, 7 October, at the academy.",
    "The minister spoke on Saturday, October 7, at the academy.",
    "The band played Saturday night (Oct. 7) in the old theatre.",
])
def test_last_or_an_explicit_date_settles_which_saturday(text):
    assert findings_in(text) == []


def test_an_explicit_date_on_another_weekday_blocks():
    [finding] = findings_in("The minister spoke on Saturday, 8 October, at the academy.")
    assert finding.blocks
    assert "8 October 2023 is a Sunday, not a Saturday" in finding.message


def test_an_explicit_date_with_its_year_is_checked_against_that_year():
    assert findings_in("The treaty was signed on Saturday, 7 October 2023.") == []
    [finding] = findings_in("The treaty was signed on Saturday, 7 October 2022.")
    assert "is a Friday" in finding.message


@pytest.mark.parametrize("text", [
    "The market opens every Saturday.",
    "The market opens on Saturdays.",
    "Saturdays are the busiest days at the port.",
    "The council will meet on Saturday.",
    "The council will meet next Saturday.",
    "The vote is due on Saturday.",
    "The mayor plans to visit the dam on Saturday.",
    "The hearing is scheduled for Saturday.",
    "On Saturday, the council will vote on the budget.",
    "He said he would travel to Baku on Saturday.",
    "The office is open Monday to Saturday.",
    "Shops expect crowds on Black Friday.",
    "She writes a column for the Sunday Times.",
    '"We marched on Saturday and we will march again," she said.',
    "The ferry sails this Saturday.",
])
def test_habits_plans_ranges_names_and_quotations_pass(text):
    assert findings_in(text) == []


@pytest.mark.parametrize("text", [
    "The minister said on Friday that talks would resume.",
    "The minister said on Thursday that talks would resume.",
    "The minister said on Sunday that talks would resume.",
    "Saturday's match was postponed.",
])
def test_days_within_the_week_before_publication_pass(text):
    assert findings_in(text) == []


def test_yesterday_must_be_the_day_before_publication():
    assert findings_in("The port reopened yesterday, Thursday, after the storm.") == []
    [finding] = findings_in("The port reopened yesterday (Wednesday) after the storm.")
    assert "“yesterday” is Thursday, not Wednesday" in finding.message


def test_undated_copy_is_not_checked():
    assert findings_in("The minister said on Saturday that talks would resume.",
                       published_on=None) == []
