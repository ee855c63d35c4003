"""Each edition's Most read box lists its own stories: a Persian story's reads count in the
Persian edition, at /fa/."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from dateline.readership.tally import write_rows

pytestmark = pytest.mark.django_db


def test_each_edition_shows_its_own_most_read_stories(editions, client):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    write_rows([(editions.fa_only_story.pk, hour, 50), (editions.story.pk, hour, 20),
                (editions.fa_story.pk, hour - datetime.timedelta(hours=2), 10),
                (editions.english_only_story.pk, hour, 5)])

    def titles(path):
        box = BeautifulSoup(client.get(path).content, "html.parser").find(
            "section", class_="most-read")
        return [item.get_text(strip=True) for item in box.ol.find_all("li")]

    assert titles("/") == ["The bridge opens", "Only in English"]
    assert titles("/fa/") == ["بازار کتاب تهران", "پل باز شد"]
    assert titles(editions.fa_story.url) == ["بازار کتاب تهران", "پل باز شد"]
