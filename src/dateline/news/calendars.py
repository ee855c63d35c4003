"""The calendars dates are told in: Gregorian, and Solar Hijri for the Persian edition.

The active language chooses the calendar (``active()``): Persian pages, feeds' text, archives and
the almanac count days in the Solar Hijri calendar. Values stay ``datetime.date`` objects
everywhere; a calendar only names them (year, month, day) and finds the date a name stands for.
The Solar Hijri conversion is jdatetime's; ``tests/news/test_solar_hijri.py`` checks it day by
day against an independent algorithm.
"""

import calendar as gregorian_calendar
import datetime
import re

import jdatetime

from django.utils import dateformat, formats, translation

PERSIAN_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                  "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
# In the order of Python's ``weekday()``: Monday first. The Persian week starts on Saturday.
PERSIAN_WEEKDAYS = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# A comma between words of a date ("l, j F Y") reads as the Persian comma in Persian text.
LATIN_COMMA = re.compile(r",(?=\s)")
# Format characters that make values for machines (ISO 8601, RFC 5322, Unix time): Gregorian,
# with Western digits, in every language.
MACHINE_FORMATS = {"c", "r", "U"}


def persian_digits(text):
    """The text with Western digits written as Persian ones (۰–۹)."""
    return str(text).translate(PERSIAN_DIGITS)


def persian_weekday(value):
    """The Persian name of the weekday of a date or datetime, e.g. «یکشنبه» for 2026-12-06."""
    return PERSIAN_WEEKDAYS[value.weekday()]


class Gregorian:
    name = "gregorian"
    # The day that only leap years have, and the day that stands in for it in common years.
    leap_day = (2, 29)
    leap_day_stand_in = (2, 28)
    # A leap year, so that every day of the calendar has a date there.
    a_leap_year = 2000

    def parts(self, day):
        return day.year, day.month, day.day

    def calendar_day(self, month, day):
        """The (month, day) as a date in a leap year, or None when the calendar has no such
        day."""
        try:
            return self.date(self.a_leap_year, month, day)
        except (TypeError, ValueError, OverflowError):
            return None

    def days_shown(self, month, day, *, include_leap_day):
        """The (month, day)s a day's almanac shows: ``include_leap_day`` adds the leap day to
        the day that stands in for it, for years without one."""
        days = [(month, day)]
        if include_leap_day and (month, day) == self.leap_day_stand_in:
            days.append(self.leap_day)
        return days

    def date(self, year, month, day):
        """The date of a day of this calendar; ValueError when it has no such day."""
        return datetime.date(year, month, day)

    def days_in_month(self, year, month):
        return gregorian_calendar.monthrange(year, month)[1]

    def is_leap(self, year):
        return gregorian_calendar.isleap(year)

    def format(self, value, pattern):
        return formats.date_format(value, pattern)

    def numerals(self, number):
        """A number such as a year, written as this calendar's readers write it."""
        return str(number)


class SolarHijri(Gregorian):
    name = "solar_hijri"
    leap_day = (12, 30)  # 30 Esfand
    leap_day_stand_in = (12, 29)
    a_leap_year = 1403

    def parts(self, day):
        solar = jdatetime.date.fromgregorian(date=day)
        return solar.year, solar.month, solar.day

    def date(self, year, month, day):
        return jdatetime.date(year, month, day).togregorian()

    def days_in_month(self, year, month):
        if month == 12:
            return 30 if self.is_leap(year) else 29
        return jdatetime.j_days_in_month[month - 1]

    def is_leap(self, year):
        return jdatetime.date(year, 1, 1).isleap()

    def format(self, value, pattern):
        text = SolarHijriDateFormat(value).format(pattern)
        if pattern in MACHINE_FORMATS:
            return text
        return LATIN_COMMA.sub("،", persian_digits(text))

    def numerals(self, number):
        return persian_digits(number)


class SolarHijriDateFormat(dateformat.DateFormat):
    """Django's date format characters for the Solar Hijri calendar, in Persian: the date
    characters are the Solar Hijri day, month and year; the time ones are Django's own."""

    def __init__(self, obj):
        super().__init__(obj)
        day = obj.date() if isinstance(obj, datetime.datetime) else obj
        self.year, self.month, self.day = SOLAR_HIJRI.parts(day)

    def d(self):
        return f"{self.day:02}"

    def j(self):
        return self.day

    def m(self):
        return f"{self.month:02}"

    def n(self):
        return self.month

    def F(self):
        return PERSIAN_MONTHS[self.month - 1]

    E = M = N = b = F

    def Y(self):
        return self.year

    def y(self):
        return f"{self.year % 100:02}"

    def L(self):
        return SOLAR_HIJRI.is_leap(self.year)

    def t(self):
        return SOLAR_HIJRI.days_in_month(self.year, self.month)

    def z(self):
        first = SOLAR_HIJRI.date(self.year, 1, 1)
        day = self.data.date() if isinstance(self.data, datetime.datetime) else self.data
        return (day - first).days + 1

    def S(self):
        return ""  # English ordinal suffixes have no Persian counterpart.

    def l(self):  # noqa: E743 - Django's name for the weekday's name
        return persian_weekday(self.data)

    D = l

    def r(self):
        return dateformat.DateFormat(self.data).r()  # RFC 5322 stays Gregorian

    def c(self):
        return self.data.isoformat()  # ISO 8601 stays Gregorian


GREGORIAN = Gregorian()
SOLAR_HIJRI = SolarHijri()
BY_NAME = {GREGORIAN.name: GREGORIAN, SOLAR_HIJRI.name: SOLAR_HIJRI}
# Languages whose readers count days in another calendar than the Gregorian.
LANGUAGE_CALENDARS = {"fa": SOLAR_HIJRI}


def for_language(language):
    return LANGUAGE_CALENDARS.get((language or "").split("-")[0], GREGORIAN)


def active():
    """The calendar of the active language."""
    return for_language(translation.get_language())
