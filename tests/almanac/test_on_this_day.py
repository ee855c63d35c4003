import datetime
import zoneinfo

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from dateline.almanac.appearances import story_days_pages
from dateline.almanac.models import AlmanacEntry, on_this_day, on_this_day_for
from dateline.news.calendars import SOLAR_HIJRI
from dateline.news.signals import reader_content_changed
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


# The Persian edition's almanac: Solar Hijri days.
TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


@pytest.fixture
def persian(settings):
    settings.LANGUAGES = [("en", "English"), ("fa", "Persian")]


def persian_page(client, path):
    return client.get("/fa" + path)


def test_an_entry_fixed_in_the_solar_hijri_calendar_shows_on_its_day(editions):
    revolution = AlmanacEntryFactory(persian=True, calendar="solar_hijri", month=11, day=22,
                                     year=1357)
    with translation.override("fa"):
        shown = on_this_day(11, 22, before_year=1405, calendar=SOLAR_HIJRI)
    assert shown["entries"] == [revolution]
    assert shown["entries"][0].shown_year == "۱۳۵۷"
    # 22 Bahman 1404 was 11 February 2026: the English edition has its own entries.
    assert on_this_day(2, 11, before_year=2026)["entries"] == []
    assert on_this_day(11, 22, before_year=2026)["entries"] == []


def test_an_entry_fixed_in_the_gregorian_calendar_moves_through_the_solar_hijri_one(editions):
    soviet_end = AlmanacEntryFactory(persian=True, month=12, day=25, year=1991)
    # 25 December is 4 Dey in 1405 (and 1404), and 5 Dey in 1403: 1403 ended on 30 Esfand.
    with translation.override("fa"):
        assert on_this_day(10, 4, before_year=1405, calendar=SOLAR_HIJRI)["entries"] == [
            soviet_end]
        assert on_this_day(10, 4, before_year=1405,
                           calendar=SOLAR_HIJRI)["entries"][0].shown_year == "۱۳۷۰"
        assert on_this_day(10, 5, before_year=1405, calendar=SOLAR_HIJRI)["entries"] == []
        assert on_this_day(10, 5, before_year=1403, calendar=SOLAR_HIJRI)["entries"] == [
            soviet_end]


def test_each_edition_shows_only_its_own_entries(editions):
    english = AlmanacEntryFactory(month=12, day=7, year=1941, text="Pearl Harbor was attacked.")
    persian = AlmanacEntryFactory(persian=True, month=12, day=7, year=1941,
                                  text="به پرل هاربر حمله شد.")
    nowruz = AlmanacEntryFactory(calendar="solar_hijri", month=1, day=1, year=None,
                                 text="Nowruz, the Persian new year.")
    assert on_this_day(12, 7, before_year=2026)["entries"] == [english]
    # An English entry fixed in the Solar Hijri calendar shows on its Gregorian day this year.
    assert on_this_day(3, 21, before_year=2026)["entries"] == [nowruz]
    with translation.override("fa"):
        assert on_this_day(9, 16, before_year=1405, calendar=SOLAR_HIJRI)["entries"] == [
            persian]
        assert on_this_day(1, 1, before_year=1405, calendar=SOLAR_HIJRI)["entries"] == []


def test_from_our_archive_lists_each_editions_own_stories(editions):
    english = ArticlePageFactory(parent=editions.section, published_at=at(2025, 12, 7, 8))
    persian = ArticlePageFactory(parent=editions.fa_section, published_at=at(2025, 12, 7, 9))
    with timezone.override(TEHRAN):
        with translation.override("fa"):
            assert on_this_day_for(datetime.date(2026, 12, 7))["stories"] == [persian]
        assert on_this_day_for(datetime.date(2026, 12, 7))["stories"] == [english]


def test_30_esfand_joins_29_esfand_in_common_years(editions):
    leap = AlmanacEntryFactory(persian=True, calendar="solar_hijri", month=12, day=30, year=1399)
    eve = AlmanacEntryFactory(persian=True, calendar="solar_hijri", month=12, day=29, year=1380)
    leap_story = ArticlePageFactory(parent=editions.fa_section,
                                    published_at=at(2025, 3, 20, 8))  # 30 Esfand 1403
    with timezone.override(TEHRAN), translation.override("fa"):
        common_year = on_this_day_for(datetime.date(2026, 3, 20))  # 29 Esfand 1404
        leap_year = on_this_day_for(datetime.date(2025, 3, 19))  # 29 Esfand 1403
    assert common_year["entries"] == [eve, leap]
    assert common_year["stories"] == [leap_story]
    assert leap_year["entries"] == [eve]
    assert leap_year["stories"] == []


def test_from_our_archive_lists_stories_of_the_same_solar_hijri_day(editions):
    a_year_ago = ArticlePageFactory(parent=editions.fa_section,
                                    published_at=at(2025, 12, 7, 8))  # 16 Azar 1404
    two_years_ago = ArticlePageFactory(parent=editions.fa_section,
                                       published_at=at(2024, 12, 6, 8))  # 16 Azar 1403
    ArticlePageFactory(parent=editions.fa_section, published_at=at(2024, 12, 7, 8))  # 17 Azar
    with timezone.override(TEHRAN), translation.override("fa"):
        persian = on_this_day_for(datetime.date(2026, 12, 7))
    assert persian["stories"] == [a_year_ago, two_years_ago]


def test_the_persian_box_shows_persian_entries_and_stories(client, editions, persian):
    today = timezone.localdate()
    AlmanacEntryFactory(month=today.month, day=today.day, year=1900, text="An English entry.")
    _year, month, day = SOLAR_HIJRI.parts(today)
    AlmanacEntryFactory(persian=True, calendar="solar_hijri", month=month, day=day, year=1300,
                        text="رویدادی به فارسی.")
    a_year_ago = timezone.now() - datetime.timedelta(days=365)
    if SOLAR_HIJRI.parts(timezone.localtime(a_year_ago).date())[1:] != (month, day):
        a_year_ago -= datetime.timedelta(days=1)  # a year of 366 days since
    ArticlePageFactory(parent=editions.section, title="An English story",
                       published_at=a_year_ago)
    ArticlePageFactory(parent=editions.fa_section, title="داستانی فارسی",
                       published_at=a_year_ago)
    persian_html = client.get(editions.fa_only_story.url).content
    english_html = client.get(editions.english_only_story.url).content
    assert "رویدادی به فارسی." in persian_html.decode()
    assert "داستانی فارسی" in persian_html.decode()
    assert "An English" not in persian_html.decode()
    assert "An English entry." in english_html.decode()
    assert "An English story" in english_html.decode()
    assert "رویدادی به فارسی." not in english_html.decode()
    assert "داستانی فارسی" not in english_html.decode()


def test_a_persian_day_page_carries_its_own_edge_key(client, newsroom, persian, settings):
    settings.WAGTAILFRONTENDCACHE = {"keyed": {
        "BACKEND": "tests.delivery.recording.RecordingKeyBackend"}}
    response = client.get("/fa/on-this-day/12/30/", HTTP_HOST="localhost")
    assert "almanac-12-30-solar_hijri" in response["xkey"].split()
    response = client.get("/on-this-day/12/30/", HTTP_HOST="localhost")
    assert "almanac-12-30" in response["xkey"].split()


def test_the_persian_day_pages_are_solar_hijri_days(client, newsroom, persian):
    AlmanacEntryFactory(calendar="solar_hijri", month=12, day=30, year=1399,
                        text="A leap-day event of 1399.", approved=True)
    response = persian_page(client, "/on-this-day/12/30/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "A leap-day event of 1399." in html
    assert "۳۰ اسفند" in html and "۱۳۹۹" in html
    assert 'href="/on-this-day/12/29/"' in html and 'href="/on-this-day/1/1/"' in html
    first_day = persian_page(client, "/on-this-day/1/1/").content.decode()
    assert 'href="/on-this-day/12/30/"' in first_day  # the day before 1 Farvardin
    for path in ("/on-this-day/12/31/", "/on-this-day/7/31/", "/on-this-day/13/1/"):
        assert persian_page(client, path).status_code == 404, path
    # The English edition reads the same numbers as Gregorian days.
    assert client.get("/on-this-day/12/30/").status_code == 200
    assert "A leap-day event of 1399." not in client.get("/on-this-day/12/30/").content.decode()


def test_an_entry_day_is_checked_in_its_own_calendar():
    AlmanacEntry(calendar="solar_hijri", month=12, day=30, text="Leap day.").clean()
    AlmanacEntry(calendar="solar_hijri", month=6, day=31, text="Last of Shahrivar.").clean()
    with pytest.raises(ValidationError):
        AlmanacEntry(calendar="solar_hijri", month=7, day=31, text="No 31 Mehr.").clean()
    with pytest.raises(ValidationError):
        AlmanacEntry(calendar="solar_hijri", month=12, day=31, text="No 31 Esfand.").clean()
    assert str(AlmanacEntry(calendar="solar_hijri", month=11, day=22, year=1357,
                            text="The revolution won.")) == "۲۲ بهمن ۱۳۵۷: The revolution won."


def test_a_story_purges_the_on_this_day_pages_of_its_own_edition_only(editions):
    english = ArticlePageFactory(parent=editions.section, published_at=at(2025, 3, 20, 8))
    persian = ArticlePageFactory(parent=editions.fa_section, published_at=at(2025, 3, 20, 8))
    english_pages = story_days_pages(english)
    assert english_pages.keys == {"almanac-03-20"}
    assert {url.removeprefix("http://localhost") for url in english_pages.urls} == {
        "/on-this-day/3/20/"}
    persian_pages = story_days_pages(persian)
    # 30 Esfand 1403 is also shown on 29 Esfand in common years.
    assert persian_pages.keys == {"almanac-12-30-solar_hijri", "almanac-12-29-solar_hijri"}
    assert {url.removeprefix("http://localhost") for url in persian_pages.urls} == {
        "/fa/on-this-day/12/30/", "/fa/on-this-day/12/29/"}


def test_a_persian_entry_purges_the_persian_day_page_only(editions):
    changed = []

    def record(sender, paths=(), everywhere=False, **kwargs):
        changed.append((tuple(paths), everywhere))

    reader_content_changed.connect(record)
    try:
        AlmanacEntryFactory(persian=True, calendar="solar_hijri", month=11, day=22, year=1357)
        AlmanacEntryFactory(calendar="gregorian", month=2, day=29, year=1504)
    finally:
        reader_content_changed.disconnect(record)
    today = timezone.localdate()
    if (SOLAR_HIJRI.parts(today)[1:] in {(11, 21), (11, 22), (11, 23)}
            or (today.month, today.day) in {(2, 28), (2, 29), (3, 1)}):
        pytest.skip("an entry of today purges every page")
    assert changed == [(("/fa/on-this-day/11/22/",), False), (("/on-this-day/2/29/",), False)]
