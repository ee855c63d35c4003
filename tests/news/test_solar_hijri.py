"""The Solar Hijri calendar (``news.calendars``) against an independent implementation, and the
Persian edition's dates as readers see them."""

import datetime
import zoneinfo

import pytest

from django.template import Context, Template
from django.utils import timezone, translation

from dateline.news import calendars
from dateline.news.calendars import SOLAR_HIJRI
from dateline.news.dates import format_date, iso_datetime

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
FIRST_YEAR, LAST_YEAR = 1300, 1500

# Kazimierz Borkowski's arithmetic for the Persian calendar ("The Persian calendar for 3000
# years", Earth, Moon, and Planets 74, 1996), as jalaali-js has it: the years in which the
# 33-year leap pattern breaks, from astronomical computation of the vernal equinox at Tehran.
# jdatetime follows another rule (jalali.c: an unbroken 33-year cycle of 12,053 days), so agreeing
# day by day is a real check.
BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262,
          2324, 2394, 2456, 3178)


def div(a, b):
    return int(a / b)  # truncates toward zero, as the published algorithm does


def mod(a, b):
    return a - div(a, b) * b


def borkowski_year(year):
    """(whether the year is a leap year, the Gregorian date of its 1 Farvardin)."""
    gregorian_year = year + 621
    leap_years = -14
    previous_break = BREAKS[0]
    jump = 0
    for next_break in BREAKS[1:]:
        jump = next_break - previous_break
        if year < next_break:
            break
        leap_years += div(jump, 33) * 8 + div(mod(jump, 33), 4)
        previous_break = next_break
    into_cycle = year - previous_break
    leap_years += div(into_cycle, 33) * 8 + div(mod(into_cycle, 33) + 3, 4)
    if mod(jump, 33) == 4 and jump - into_cycle == 4:
        leap_years += 1
    gregorian_leap_years = (div(gregorian_year, 4)
                            - div((div(gregorian_year, 100) + 1) * 3, 4) - 150)
    march = 20 + leap_years - gregorian_leap_years
    if jump - into_cycle < 6:
        into_cycle = into_cycle - jump + div(jump + 4, 33) * 33
    since_leap = mod(mod(into_cycle + 1, 33) - 1, 4)
    return since_leap == 0, datetime.date(gregorian_year, 3, march)


def borkowski_days(year):
    """Every day of the year as ((year, month, day), Gregorian date)."""
    leap, first = borkowski_year(year)
    lengths = [31] * 6 + [30] * 5 + [30 if leap else 29]
    offset = 0
    for month, length in enumerate(lengths, start=1):
        for day in range(1, length + 1):
            yield (year, month, day), first + datetime.timedelta(days=offset)
            offset += 1


def test_every_day_from_1300_to_1500_agrees_with_an_independent_algorithm_both_ways():
    expected_next = None
    checked = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        leap, _first = borkowski_year(year)
        assert SOLAR_HIJRI.is_leap(year) is leap, year
        assert SOLAR_HIJRI.days_in_month(year, 12) == (30 if leap else 29), year
        for (y, m, d), gregorian in borkowski_days(year):
            # The days follow one another with no gap: every Gregorian day has its name.
            assert expected_next is None or gregorian == expected_next
            expected_next = gregorian + datetime.timedelta(days=1)
            assert SOLAR_HIJRI.date(y, m, d) == gregorian, (y, m, d)
            assert SOLAR_HIJRI.parts(gregorian) == (y, m, d), gregorian
            checked += 1
        if not leap:
            with pytest.raises(ValueError):
                SOLAR_HIJRI.date(year, 12, 30)
    assert checked == sum(365 + borkowski_year(y)[0] for y in range(FIRST_YEAR, LAST_YEAR + 1))


def test_the_independent_algorithm_knows_the_published_new_years():
    # Nowruz as the Iranian calendar authority announced it.
    assert borkowski_year(1399) == (True, datetime.date(2020, 3, 20))
    assert borkowski_year(1403) == (True, datetime.date(2024, 3, 20))
    assert borkowski_year(1404) == (False, datetime.date(2025, 3, 21))


def test_1403_is_a_leap_year_and_1404_starts_on_21_march_2025():
    assert SOLAR_HIJRI.is_leap(1403)
    assert not SOLAR_HIJRI.is_leap(1404)
    assert SOLAR_HIJRI.date(1403, 12, 30) == datetime.date(2025, 3, 20)
    assert SOLAR_HIJRI.date(1404, 1, 1) == datetime.date(2025, 3, 21)
    assert SOLAR_HIJRI.parts(datetime.date(2026, 12, 7)) == (1405, 9, 16)


@pytest.mark.parametrize("year, month, day", [(1404, 12, 30), (1405, 7, 31), (1405, 13, 1),
                                              (1405, 0, 1), (1405, 1, 0)])
def test_days_the_calendar_does_not_have_are_refused(year, month, day):
    with pytest.raises(ValueError):
        SOLAR_HIJRI.date(year, month, day)


def test_the_persian_edition_dates_in_solar_hijri_with_persian_digits():
    morning = datetime.datetime(2026, 12, 7, 6, 53, tzinfo=datetime.UTC)
    with timezone.override(TEHRAN), translation.override("fa"):
        assert format_date(morning) == "۱۶ آذر ۱۴۰۵"
        assert format_date(morning, "masthead") == "دوشنبه، ۱۶ آذر ۱۴۰۵"
        assert format_date(morning, "datetime") == "۱۶ آذر ۱۴۰۵، ۱۰:۲۳ IRST"
        assert format_date(morning, "day") == "۱۶ آذر"
        assert format_date(morning, "month") == "آذر ۱۴۰۵"
        assert format_date(morning, "year") == "۱۴۰۵"
        assert format_date(morning, "time") == "۱۰:۲۳ IRST"
        # Machine-readable values stay Gregorian and ISO 8601.
        assert iso_datetime(morning) == "2026-12-07T10:23:00+03:30"


def test_a_persian_date_follows_the_site_zone_across_midnight():
    # 20:45 UTC on 20 March 2025 is 00:15 on 1 Farvardin 1404 in Tehran.
    value = datetime.datetime(2025, 3, 20, 20, 45, tzinfo=datetime.UTC)
    with translation.override("fa"):
        with timezone.override(TEHRAN):
            assert format_date(value) == "۱ فروردین ۱۴۰۴"
        with timezone.override(datetime.UTC):
            assert format_date(value) == "۳۰ اسفند ۱۴۰۳"


def test_english_keeps_the_gregorian_calendar():
    with translation.override("en"):
        assert format_date(datetime.date(2025, 3, 21)) == "21 March 2025"
    assert calendars.for_language("en") is calendars.GREGORIAN
    assert calendars.for_language("fa-ir") is calendars.SOLAR_HIJRI


def test_persian_weekday_names_start_the_week_on_saturday():
    saturday = datetime.date(2026, 12, 5)
    names = [calendars.persian_weekday(saturday + datetime.timedelta(days=n)) for n in range(7)]
    assert names == ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"]


def test_rfc_and_iso_format_characters_stay_gregorian_in_persian():
    value = datetime.datetime(2026, 12, 7, 10, 23, tzinfo=TEHRAN)
    formatted = calendars.SolarHijriDateFormat(value)
    assert formatted.format("r") == "Mon, 07 Dec 2026 10:23:00 +0330"
    assert formatted.format("c") == "2026-12-07T10:23:00+03:30"
    assert formatted.format("Y/m/d t L z") == "1405/09/16 30 False 262"


def test_djangos_date_filter_and_named_formats_follow_the_persian_calendar():
    # What Wagtail's admin templates use: |date with Django's named formats.
    template = Template(
        '{{ moment|date:"DATETIME_FORMAT" }} <time datetime="{{ moment|date:"c" }}">')
    moment = datetime.datetime(2026, 12, 7, 6, 53, tzinfo=datetime.UTC)
    with timezone.override(TEHRAN):
        with translation.override("fa"):
            assert template.render(Context({"moment": moment})) == (
                '۱۶ آذر ۱۴۰۵، ۱۰:۲۳ +۰۳۳۰ <time datetime="2026-12-07T10:23:00+03:30">')
        with translation.override("en"):
            assert template.render(Context({"moment": moment})).startswith(
                "7 December 2026, 10:23 +0330")
    with translation.override("fa"):
        assert Template('{{ nothing|date }}|{{ "text"|date }}').render(
            Context({"nothing": None})) == "|"
