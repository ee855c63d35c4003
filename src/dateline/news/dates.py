"""Every date a reader sees passes through ``format_date``.

One function, so that a calendar or language changes every date on the site at once. Values are
shown in the active time zone, which the site's settings choose per request, and told in the
calendar of the active language (``calendars``): Solar Hijri with Persian digits for Persian.
Machine-readable values (``iso_datetime``) stay ISO 8601 and Gregorian in every language.
"""

import datetime

from django.utils import timezone, translation
from django.utils.translation import pgettext

from dateline.news import calendars

STYLES = {
    # Translators: PHP-style date formats (https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date).
    "date": lambda: pgettext("date format", "j F Y"),
    "datetime": lambda: pgettext("date and time format", "j F Y, H:i T"),
    "masthead": lambda: pgettext("masthead date format", "l, j F Y"),
    "day": lambda: pgettext("calendar day format", "j F"),
    "month": lambda: pgettext("month and year format", "F Y"),
    "time": lambda: pgettext("time format", "H:i T"),
    "year": lambda: pgettext("year format", "Y"),
}


def pattern(style):
    """The format string of a style, in the active language."""
    try:
        return STYLES[style]()
    except KeyError:
        raise ValueError(f"Unknown date style {style!r}; use one of {sorted(STYLES)}") from None


# Django's named formats that the site's styles stand for (``dateline.news.formats``): the admin
# (Wagtail) and ``|date`` then show dates as readers see them, not in Django's US style.
NAMED_FORMATS = {
    "DATE_FORMAT": "date", "DATETIME_FORMAT": "datetime", "SHORT_DATE_FORMAT": "date",
    "SHORT_DATETIME_FORMAT": "datetime", "TIME_FORMAT": "time", "MONTH_DAY_FORMAT": "day",
    "YEAR_MONTH_FORMAT": "month",
}


def named_formats(language):
    """Django's named formats for ``language``, as plain strings: Django's JavaScript catalog
    serialises them."""
    with translation.override(language):
        return {name: pattern(style) for name, style in NAMED_FORMATS.items()}


def local(value):
    """A datetime in the active time zone; dates pass through unchanged."""
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, datetime.UTC)
        return timezone.localtime(value)
    return value


def format_date(value, style="date"):
    """The reader-facing text for a date or datetime, in the active language, its calendar and
    the active time zone."""
    if value is None:
        return ""
    return calendars.active().format(local(value), pattern(style))


def iso_datetime(value):
    """The machine-readable form for <time datetime> and structured data."""
    value = local(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def today():
    """Today's date in the active time zone."""
    return timezone.localdate()
