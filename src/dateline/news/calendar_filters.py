"""Django's ``date`` template filter in the active language's calendar.

A template builtin (``TEMPLATES`` in the settings), so Wagtail's admin templates, which date
revisions and listings with ``|date:"DATETIME_FORMAT"``, show Solar Hijri dates when the admin
speaks Persian, as ``news.dates.format_date`` does for readers. Gregorian languages get Django's
own filter unchanged.
"""

from django.template import Library, defaultfilters
from django.utils import formats

from dateline.news import calendars

register = Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    calendar = calendars.active()
    if calendar is calendars.GREGORIAN or value in (None, "") or for_machines(arg):
        return defaultfilters.date(value, arg)
    try:
        return calendar.format(value, formats.get_format(arg or "DATE_FORMAT"))
    except (AttributeError, TypeError, ValueError):
        return ""  # as Django's filter does with a value that is not a date


def for_machines(pattern):
    """ISO 8601 and RFC 5322 patterns (a sitemap's ``Y-m-d``) stay Gregorian, in Western
    digits, in every language."""
    return pattern in calendars.MACHINE_FORMATS or (pattern or "").startswith("Y-m-d")
