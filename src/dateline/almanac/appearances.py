"""The almanac's plug into news' ``sockets.story_appearances``: the On This Day pages of a
story's day, and every page while the story is in today's On This Day box.

Edge-cache keys (``news.cache_keys``, which the pages send): ``almanac-<MM>-<DD>`` for a day's
page; a story in today's box is shown everywhere, which purges every page.
"""

import datetime

from django.utils import timezone

from dateline.almanac.models import OnThisDayPage
from dateline.news import cache_keys
from dateline.news.appearances import story_days
from dateline.news.sockets import Appearance


def days_shown_on(month, day):
    """The calendar days whose almanac shows what happened on (month, day): that day, and for
    29 February also 28 February, which shows it in years without a 29th."""
    days = {(month, day)}
    if (month, day) == (2, 29):
        days.add((2, 28))
    return days


def near_today():
    """Today's calendar day and those either side: sites' zones differ by up to a day."""
    today = timezone.now().date()
    return today, {(day.month, day.day) for day in
                   (today - datetime.timedelta(days=1), today, today + datetime.timedelta(days=1))}


def story_days_pages(article):
    url_parts = article.get_url_parts()
    if url_parts is None:
        return Appearance()
    days = story_days(article, url_parts[0])
    today, near_days = near_today()
    calendar_days = {shown for day in days for shown in days_shown_on(day.month, day.day)}
    in_todays_box = any(day.year < today.year and days_shown_on(day.month, day.day) & near_days
                        for day in days)
    urls = set()
    for page in OnThisDayPage.objects.live().from_own_table():
        parts = page.get_url_parts()
        if parts is not None:
            urls |= {parts[1] + parts[2] + page.reverse_subpage("day", args=calendar_day)
                     for calendar_day in calendar_days}
    return Appearance(urls=urls, keys={cache_keys.almanac_key(month, day)
                                       for month, day in calendar_days},
                      everywhere=in_todays_box)
