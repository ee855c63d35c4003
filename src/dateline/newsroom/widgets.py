"""The admin's date and time fields, in the zone their times are read in.

Wagtail reads a typed time in the editor's zone: the one chosen in their account, else the
site's (``news.middleware.follow_site_zone_unless_chosen``). Its picker knows only the browser's
clock, though, whose "today" and time of day may be hours away from that zone. Each field here
names its zone and offers "Now" in that zone, computed in the browser when clicked.

Staff who use the admin in a language of another calendar (Persian: Solar Hijri) see the
field's day in that calendar beside it, updated as they type or pick; the value typed and
stored stays Gregorian.
"""

import datetime

from django import forms
from django.utils import timezone, translation

from wagtail.admin.widgets import AdminDateTimeInput

from dateline.news import calendars

CALENDAR_DAY_PATTERN = "l j F Y, H:i"


class ZonedDateTimeInput(AdminDateTimeInput):
    template_name = "newsroom/widgets/zoned_datetime_input.html"

    def get_config(self):
        # The picker's "go to today" button moves to the browser's date, not the zone's.
        return {**super().get_config(), "todayButton": False}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        zone = timezone.get_current_timezone()
        widget["zone_name"] = str(zone)
        widget["zone_offset"] = utc_offset(timezone.localtime(timezone=zone))
        widget["format"] = self.format
        widget["zone_id"] = f"{widget['attrs'].get('id', name)}-zone"
        described = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described} {widget['zone_id']}".strip()
        calendar = calendars.active()
        if calendar is not calendars.GREGORIAN:
            widget["calendar"] = {"language": translation.get_language(),
                                  "day": self.in_calendar(widget["value"], calendar)}
        return context

    def in_calendar(self, value, calendar):
        """The typed value's day and time in ``calendar``, or "" when it is not a time."""
        try:
            moment = datetime.datetime.strptime(value or "", self.format)
        except (TypeError, ValueError):
            return ""
        # The weekday too: editors check a day by it ("which Friday?"); the zone is named
        # on the line above.
        return calendar.format(moment, CALENDAR_DAY_PATTERN)

    @property
    def media(self):
        return super().media + forms.Media(js=["dateline/js/zoned-datetime.js"])


def utc_offset(moment):
    """"UTC+03:30" for a time in Tehran, "UTC−08:00" in Los Angeles in winter."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"
