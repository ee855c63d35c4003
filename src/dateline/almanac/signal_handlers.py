from django.db.models.signals import post_delete, post_save

from dateline.almanac.appearances import days_shown_on, near_today
from dateline.almanac.models import AlmanacEntry, OnThisDayPage
from dateline.news.signals import reader_content_changed


def entry_changed(instance, **kwargs):
    """An entry shows on its day's page and, on its day, in the box on the front page and on
    every article."""
    _today, near_days = near_today()
    if days_shown_on(instance.month, instance.day) & near_days:
        reader_content_changed.send(sender=AlmanacEntry, everywhere=True)
        return
    paths = [page.day_url(instance.month, instance.day)
             for page in OnThisDayPage.objects.live().from_own_table() if page.url]
    reader_content_changed.send(sender=AlmanacEntry, paths=paths)


def register():
    for signal in (post_save, post_delete):
        signal.connect(entry_changed, sender=AlmanacEntry)
