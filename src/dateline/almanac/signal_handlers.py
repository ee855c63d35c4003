from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from dateline.almanac.appearances import day_pages_serving, days_shown_on, near_today
from dateline.almanac.models import AlmanacEntry, OnThisDayPage
from dateline.news import calendars, translations
from dateline.news.signals import reader_content_changed


def entry_changed(instance, **kwargs):
    """An entry shows in its own edition only: on its day's page and, on its day, in the box on
    the front page and on every article. An entry fixed in the other calendar shows on the
    day it falls on this year."""
    language = translations.page_language(instance)
    shown_in = calendars.for_language(language)
    day = day_shown(instance, shown_in)
    if day is None:
        return  # a leap day in a common year: on no page this year
    _today, near_days = near_today(shown_in)
    if days_shown_on(*day, shown_in) & near_days:
        reader_content_changed.send(sender=AlmanacEntry, everywhere=True)
        return
    pages = list(OnThisDayPage.objects.live().from_own_table())
    with translation.override(language):
        paths = [path + page.reverse_subpage("day", args=day)
                 for _root_url, path, page in day_pages_serving(pages, language)]
    reader_content_changed.send(sender=AlmanacEntry, paths=paths)


def day_shown(entry, shown_in):
    """The (month, day) of ``shown_in`` whose page shows the entry: its own day, or for an
    entry fixed in another calendar the day it falls on this year there."""
    calendar = entry.entry_calendar()
    if calendar is shown_in:
        return entry.month, entry.day
    try:
        this_years_date = calendar.date(calendar.parts(timezone.localdate())[0],
                                        entry.month, entry.day)
    except ValueError:
        return None
    return shown_in.parts(this_years_date)[1:]


def register():
    for signal in (post_save, post_delete):
        signal.connect(entry_changed, sender=AlmanacEntry)
