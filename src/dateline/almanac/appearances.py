"""The almanac's plug into news' ``sockets.story_appearances``: the On This Day pages of a
story's day, and every page while the story is in today's On This Day box.

Edge-cache keys (``news.cache_keys``, which the pages send): ``almanac-<MM>-<DD>`` for a day's
page, ``almanac-<MM>-<DD>-solar_hijri`` for a Solar Hijri day's page of the Persian edition; a
story in today's box is shown everywhere, which purges every page.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from dateline.almanac.models import OnThisDayPage, almanac_key
from dateline.news import calendars
from dateline.news.appearances import story_days
from dateline.news.sockets import Appearance
from dateline.news.translations import page_language


def days_shown_on(month, day, calendar=calendars.GREGORIAN):
    """The days of the calendar whose almanac shows what happened on (month, day): that day,
    and for the leap day (29 February, 30 Esfand) also the day before, which shows it in years
    without one."""
    days = {(month, day)}
    if (month, day) == calendar.leap_day:
        days.add(calendar.leap_day_stand_in)
    return days


def near_today(calendar=calendars.GREGORIAN):
    """Today's day of the calendar and those either side: sites' zones differ by up to a day."""
    today = timezone.now().date()
    return today, {calendar.parts(day)[1:] for day in
                   (today - datetime.timedelta(days=1), today, today + datetime.timedelta(days=1))}


def story_days_pages(article):
    """The On This Day pages of the story's own edition that list it (an English story is
    never on the Persian edition's Solar Hijri pages), and every page while it is in that
    edition's box today."""
    url_parts = article.get_url_parts()
    if url_parts is None:
        return Appearance()
    days = story_days(article, url_parts[0])
    language = page_language(article)
    calendar = calendars.for_language(language)
    this_year = calendar.parts(timezone.now().date())[0]
    _today, near_days = near_today(calendar)
    calendar_days = {shown for day in days
                     for shown in days_shown_on(*calendar.parts(day)[1:], calendar)}
    in_todays_box = any(
        calendar.parts(day)[0] < this_year
        and days_shown_on(*calendar.parts(day)[1:], calendar) & near_days for day in days)
    keys = {almanac_key(month, day, calendar) for month, day in calendar_days}
    pages = list(OnThisDayPage.objects.live().from_own_table())
    with translation.override(language):
        urls = {root_url + path + page.reverse_subpage("day", args=shown)
                for root_url, path, page in day_pages_serving(pages, language)
                for shown in calendar_days}
    return Appearance(urls=urls, keys=keys, everywhere=in_todays_box)


def day_pages_serving(pages, language):
    """(root URL, path, page) of the On This Day pages that answer in ``language``: an
    edition's own page, or where the edition has none, the page its translation stands in for,
    under the language's prefix (Wagtail serves it there)."""
    own = {page.translation_key for page in pages if page_language(page) == language}
    prefix = reverse("wagtail_serve", args=("",)).rstrip("/")
    for page in pages:
        parts = page.get_url_parts()
        if parts is None:
            continue
        if page_language(page) == language:
            yield parts[1], parts[2], page
        elif page.translation_key not in own and page_language(page) == settings.LANGUAGE_CODE:
            yield parts[1], prefix + parts[2], page
