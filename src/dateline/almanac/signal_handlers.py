import datetime

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from dateline.almanac.models import AlmanacEntry, OnThisDayPage
from dateline.news import listings
from dateline.news.signals import reader_content_changed


def entry_changed(instance, **kwargs):
    """An entry shows on its day's page and, on its day, in the box on the front page and on
    every article; "its day" is checked a day either side, as sites' zones differ, and
    29 February's entries also show on 28 February."""
    today = timezone.now().date()
    near_days = {(day.month, day.day) for day in
                 (today - datetime.timedelta(days=1), today, today + datetime.timedelta(days=1))}
    shown_on = {(instance.month, instance.day)}
    if shown_on == {(2, 29)}:
        shown_on.add((2, 28))
    if shown_on & near_days:
        reader_content_changed.send(sender=AlmanacEntry, everywhere=True)
        return
    paths = [page.day_url(instance.month, instance.day)
             for page in OnThisDayPage.objects.live().from_own_table() if page.url]
    reader_content_changed.send(sender=AlmanacEntry, paths=paths)


def day_page_urls(day):
    return [page.get_site().root_url + page.day_url(day.month, day.day)
            for page in OnThisDayPage.objects.live().from_own_table() if page.url]


def register():
    listings.register_day_listing(day_page_urls)
    for signal in (post_save, post_delete):
        signal.connect(entry_changed, sender=AlmanacEntry)
