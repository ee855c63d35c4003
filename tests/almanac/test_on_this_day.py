import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from dateline.almanac.models import AlmanacEntry, on_this_day, on_this_day_for
from tests.almanac.factories import AlmanacEntryFactory
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


def test_shows_approved_entries_of_the_day_oldest_first_with_yearless_entries_first(newsroom):
    later = AlmanacEntryFactory(month=11, day=28, year=1943)
    earlier = AlmanacEntryFactory(month=11, day=28, year=1520)
    observance = AlmanacEntryFactory(month=11, day=28, year=None)
    AlmanacEntryFactory(month=11, day=28, approved=False)
    AlmanacEntryFactory(month=11, day=29)
    shown = on_this_day(11, 28, before_year=2026)
    assert shown["entries"] == [observance, earlier, later]


def test_lists_our_stories_from_earlier_years_only(newsroom):
    last_year = ArticlePageFactory(parent=newsroom.section, published_at=at(2025, 11, 28))
    ArticlePageFactory(parent=newsroom.section, published_at=at(2026, 11, 28, 1))
    ArticlePageFactory(parent=newsroom.section, published_at=at(2024, 11, 27))
    ArticlePageFactory(parent=newsroom.section, published_at=at(2023, 11, 28), live=False)
    with timezone.override(UTC):
        shown = on_this_day_for(datetime.date(2026, 11, 28))
    assert shown["stories"] == [last_year]


def test_leap_day_events_join_28_february_in_common_years(newsroom):
    leap = AlmanacEntryFactory(month=2, day=29, year=1504)
    eve = AlmanacEntryFactory(month=2, day=28, year=1922)
    leap_story = ArticlePageFactory(parent=newsroom.section, published_at=at(2024, 2, 29))
    with timezone.override(UTC):
        common_year = on_this_day_for(datetime.date(2027, 2, 28))
        leap_year = on_this_day_for(datetime.date(2028, 2, 28))
    assert common_year["entries"] == [leap, eve]
    assert common_year["stories"] == [leap_story]
    assert leap_year["entries"] == [eve]
    assert leap_year["stories"] == []


def test_29_february_has_its_own_day_page(client, newsroom):
    AlmanacEntryFactory(month=2, day=29, year=1504, text="A leap-day event of long ago.")
    response = client.get("/on-this-day/2/29/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A leap-day event of long ago." in html
    assert 'href="/on-this-day/2/28/"' in html
    assert 'href="/on-this-day/3/1/"' in html


@pytest.mark.parametrize(
    "path", ["/on-this-day/2/30/", "/on-this-day/13/1/", "/on-this-day/0/0/",
             "/on-this-day/4/31/", "/on-this-day/99999999999999999999/1/",
             "/on-this-day/jan/1/"],
)
def test_impossible_days_are_404s(client, newsroom, path):
    assert client.get(path).status_code == 404


def test_day_page_shows_entries_without_a_year_without_one(client, newsroom):
    AlmanacEntryFactory(month=12, day=21, year=None, text="The longest night of the year.")
    html = client.get("/on-this-day/12/21/").content.decode()
    assert "The longest night of the year." in html


def test_unapproved_entries_stay_off_the_site(client, newsroom):
    AlmanacEntryFactory(month=5, day=1, text="An imported claim awaiting review.",
                        approved=False)
    assert "awaiting review" not in client.get("/on-this-day/5/1/").content.decode()


def test_an_entry_for_an_impossible_day_is_refused():
    with pytest.raises(ValidationError):
        AlmanacEntry(month=2, day=30, text="No such day.").full_clean()


def test_the_home_page_shows_today_in_the_almanac(client, newsroom):
    newsroom.settings.time_zone = "UTC"
    newsroom.settings.save()
    today = timezone.now().astimezone(UTC).date()
    AlmanacEntryFactory(month=today.month, day=today.day, year=1900,
                        text="An event on this very day.")
    html = client.get(newsroom.home.url).content.decode()
    assert "An event on this very day." in html


def test_an_almanac_entry_for_today_shows_in_the_box_at_once(client, newsroom):
    story = ArticlePageFactory(parent=newsroom.section)
    client.get(story.url)
    today = timezone.localdate()
    AlmanacEntryFactory(month=today.month, day=today.day, text="The first ferry crossed.")
    assert "The first ferry crossed." in client.get(story.url).content.decode()


def test_on_this_day_still_routes_its_own_days(client, newsroom):
    assert client.get("/on-this-day/").status_code == 200
    assert client.get("/on-this-day/3/9/").status_code == 200
    assert client.get("/on-this-day/2/30/").status_code == 404
