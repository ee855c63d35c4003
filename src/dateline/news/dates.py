"""Every date a reader sees passes through ``format_date``.

One function, so that a calendar or language changes every date on the site at once. Values are
shown in the active time zone, which the site's settings choose per request, and told in the
calendar of the active language (``calendars``): Solar Hijri with Persian digits for Persian.
Machine-readable values (``iso_datetime``) stay ISO 8601 and Gregorian in every language.
"""

import contextlib
import contextvars
import datetime
import functools
import re

from babel import UnknownLocaleError
from babel.dates import get_timezone_location

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
    the active time zone.

    The zone (the ``T`` of a style) is named as readers say it, never as a bare offset."""
    if value is None:
        return ""
    value = local(value)
    format_string = pattern(style)
    if isinstance(value, datetime.datetime):
        label = "".join(f"\\{character}" for character in zone_label(value))
        format_string = UNESCAPED_ZONE.sub(lambda _match: label, format_string)
    return calendars.active().format(value, format_string)


UNESCAPED_ZONE = re.compile(r"(?<!\\)T")

# How a site names its zone (SiteSettings.zone_label): "abbreviation", "10:23 IRST", or
# "place", "10:23 Tehran time". The site's middleware sets it per request, as it does the zone.
ZONE_LABEL_STYLES = ("abbreviation", "place")
_zone_label_style = contextvars.ContextVar("zone_label_style", default="abbreviation")

# Abbreviations readers use where the time zone database now gives only an offset ("+0330"
# for Iran); only zones without daylight saving time, where one name is right all year.
COMMON_ABBREVIATIONS = {
    "Asia/Tehran": "IRST", "Asia/Kabul": "AFT", "Asia/Baku": "AZT", "Asia/Tbilisi": "GET",
    "Asia/Yerevan": "AMT", "Asia/Dubai": "GST", "Asia/Ashgabat": "TMT", "Asia/Tashkent": "UZT",
    "Asia/Dushanbe": "TJT", "Asia/Bishkek": "KGT", "America/Sao_Paulo": "BRT",
    "America/Argentina/Buenos_Aires": "ART", "America/Montevideo": "UYT",
    "America/Bogota": "COT", "America/Lima": "PET", "Asia/Kolkata": "IST",
}


@contextlib.contextmanager
def zone_labels(style):
    """Name zones in ``style`` (one of ZONE_LABEL_STYLES) while the block runs."""
    token = _zone_label_style.set(style if style in ZONE_LABEL_STYLES else "abbreviation")
    try:
        yield
    finally:
        _zone_label_style.reset(token)


def zone_label_style():
    return _zone_label_style.get()


def zone_label(value):
    """The zone of aware ``value`` as readers say it: "Tehran time", or "IRST"."""
    abbreviation = value.tzname() or ""
    key = getattr(value.tzinfo, "key", "")
    named = abbreviation[:1].isalpha()
    if zone_label_style() == "abbreviation":
        if named:
            return abbreviation
        if key in COMMON_ABBREVIATIONS:
            return COMMON_ABBREVIATIONS[key]
    if "/" not in key or key.startswith("Etc/"):
        return abbreviation if named else "UTC" if not abbreviation else f"UTC{abbreviation}"
    place = place_name(key, translation.to_locale(translation.get_language() or "en"))
    return pgettext("time zone as readers say it", "%(place)s time") % {"place": place}


@functools.lru_cache(maxsize=256)
def place_name(key, locale):
    """The city a zone is named after, as readers in ``locale`` name it: CLDR's exemplar city
    ("Tehran", «تهران»); the name in the zone's key where CLDR knows none."""
    try:
        return get_timezone_location(key, locale=locale, return_city=True)
    except (LookupError, UnknownLocaleError, ValueError):
        return key.rsplit("/", 1)[-1].replace("_", " ")


def iso_datetime(value):
    """The machine-readable form for <time datetime> and structured data."""
    value = local(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def today():
    """Today's date in the active time zone."""
    return timezone.localdate()
