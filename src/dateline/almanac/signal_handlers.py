from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from dateline.almanac.appearances import days_shown_on, languages_by_calendar, near_today
from dateline.almanac.models import AlmanacEntry, OnThisDayPage
from dateline.news.calendars import GREGORIAN
from dateline.news.signals import reader_content_changed


def entry_changed(instance, **kwargs):
    """An entry shows on its day's page and, on its day, in the box on the front page and on
    every article. The Solar Hijri pages show a Gregorian entry on the day it falls on this
    year."""
    calendar = instance.entry_calendar()
    _today, near_days = near_today(calendar)
    if days_shown_on(instance.month, instance.day, calendar) & near_days:
        reader_content_changed.send(sender=AlmanacEntry, everywhere=True)
        return
    this_year = calendar.parts(timezone.localdate())[0]
    try:
        this_years_date = calendar.date(this_year, instance.month, instance.day)
    except ValueError:
        this_years_date = None  # a leap day in a common year
    paths = []
    pages = [page for page in OnThisDayPage.objects.live().from_own_table() if page.url]
    for shown_in, languages in languages_by_calendar().items():
        if shown_in is calendar:
            day = (instance.month, instance.day)
        elif this_years_date is not None and shown_in is not GREGORIAN:
            day = shown_in.parts(this_years_date)[1:]
        else:
            continue
        for language in languages:
            with translation.override(language):
                paths += [page.day_url(*day) for page in pages]
    reader_content_changed.send(sender=AlmanacEntry, paths=paths)


def register():
    for signal in (post_save, post_delete):
        signal.connect(entry_changed, sender=AlmanacEntry)
