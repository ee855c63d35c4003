import datetime

import pytest

from django.utils import timezone

from dateline.discovery.appearances import story_listings
from dateline.news.calendars import SOLAR_HIJRI
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def at(*parts):
    return datetime.datetime(*parts, tzinfo=UTC)


@pytest.fixture
def tbilisi(newsroom):
    """A newsroom four hours ahead of UTC all year, so local midnight is 20:00 UTC."""
    newsroom.settings.time_zone = "Asia/Tbilisi"
    newsroom.settings.save()
    return newsroom


def story(newsroom, title, published_at, **traits):
    return ArticlePageFactory(parent=newsroom.section, title=title, published_at=published_at,
                              **traits)


def main_of(response):
    assert response.status_code == 200
    return response.content.decode().split('id="main"')[1].split("</main>")[0]


def test_each_level_lists_the_stories_of_its_period_in_the_site_time_zone(client, tbilisi):
    story(tbilisi, "Late on the last day of 2023", at(2023, 12, 31, 19, 59))  # 23:59 local
    story(tbilisi, "Just after midnight", at(2023, 12, 31, 20, 1))  # 1 January, 00:01 local
    story(tbilisi, "Late on 9 March", at(2024, 3, 9, 19, 30))
    story(tbilisi, "Early on 10 March", at(2024, 3, 9, 20, 30))

    year_2023 = main_of(client.get("/archive/2023/"))
    assert "Late on the last day of 2023" in year_2023
    assert "Just after midnight" not in year_2023
    year_2024 = main_of(client.get("/archive/2024/"))
    assert "Just after midnight" in year_2024
    assert "Late on the last day of 2023" not in year_2024

    january = main_of(client.get("/archive/2024/1/"))
    assert "Just after midnight" in january
    assert "Late on 9 March" not in january

    ninth = main_of(client.get("/archive/2024/3/9/"))
    assert "Late on 9 March" in ninth
    assert "Early on 10 March" not in ninth
    assert "Early on 10 March" in main_of(client.get("/archive/2024/3/10/"))


def test_stories_are_listed_newest_first(client, newsroom):
    story(newsroom, "The morning story", at(2024, 5, 2, 8))
    story(newsroom, "The evening story", at(2024, 5, 2, 18))
    html = main_of(client.get("/archive/2024/5/2/"))
    assert html.index("The evening story") < html.index("The morning story")


def test_the_year_page_lists_the_months_that_have_stories(client, newsroom):
    story(newsroom, "A February story", at(2024, 2, 10, 12))
    story(newsroom, "Another February story", at(2024, 2, 11, 12))
    story(newsroom, "A June story", at(2024, 6, 1, 12))
    html = main_of(client.get("/archive/2024/"))
    months = html.split('aria-label="Months of 2024"')[1].split("</nav>")[0]
    assert '<a href="/archive/2024/2/">February 2024: 2 stories</a>' in months
    assert '<a href="/archive/2024/6/">June 2024: 1 story</a>' in months
    assert "March" not in months


def test_the_year_page_finds_its_months_in_one_query(client, newsroom,
                                                     django_assert_max_num_queries):
    for month in range(1, 13):
        story(newsroom, f"Story of month {month}", at(2024, month, 15, 12))
    client.get("/archive/2024/")  # warm the site and settings caches
    with django_assert_max_num_queries(12):
        client.get("/archive/2024/")


def test_neighbouring_links_skip_to_the_nearest_periods_with_stories(client, newsroom):
    story(newsroom, "An old story", at(2021, 4, 1, 12))
    story(newsroom, "This story", at(2024, 4, 1, 12))
    story(newsroom, "A later story", at(2024, 9, 3, 12))
    year = main_of(client.get("/archive/2024/"))
    assert '<a rel="prev" href="/archive/2021/">Earlier: 2021</a>' in year
    assert 'rel="next"' not in year
    month = main_of(client.get("/archive/2024/4/"))
    assert '<a rel="prev" href="/archive/2021/4/">Earlier: April 2021</a>' in month
    assert '<a rel="next" href="/archive/2024/9/">Later: September 2024</a>' in month
    day = main_of(client.get("/archive/2024/4/1/"))
    assert '<a rel="next" href="/archive/2024/9/3/">Later: 3 September 2024</a>' in day


@pytest.mark.parametrize("path", [
    "/archive/0/", "/archive/99999999999/", "/archive/10000/", "/archive/2024/13/",
    "/archive/2024/0/", "/archive/2023/2/29/", "/archive/2024/2/30/", "/archive/2024/4/31/",
    "/archive/2024/1/0/", "/archive/" + "9" * 5000 + "/",
])
def test_impossible_dates_are_not_found(client, newsroom, path):
    assert client.get(path).status_code == 404


def test_the_edges_of_the_calendar_are_empty_pages_not_errors(client, tbilisi):
    assert client.get("/archive/9999/12/31/").status_code == 200
    assert client.get("/archive/9999/").status_code == 200
    assert client.get("/archive/2/1/1/").status_code == 200
    # Local midnight on 1 January of year 1 in Tbilisi is still year 0 in UTC.
    assert client.get("/archive/1/1/1/").status_code == 404


def test_a_leap_day_has_its_page(client, newsroom):
    story(newsroom, "A leap-day story", at(2024, 2, 29, 12))
    assert "A leap-day story" in main_of(client.get("/archive/2024/2/29/"))


def test_a_junk_page_number_gives_the_first_page_and_past_the_end_is_not_found(client,
                                                                              newsroom):
    story(newsroom, "The only story", at(2024, 7, 7, 12))
    assert "The only story" in main_of(client.get("/archive/2024/?page=junk"))
    assert client.get("/archive/2024/?page=9").status_code == 404


def test_a_long_period_is_paginated(client, newsroom):
    for day in range(1, 18):
        story(newsroom, f"Story of 1 August, number {day}", at(2024, 8, 1, day))
    first = main_of(client.get("/archive/2024/8/1/"))
    assert "Page 1 of 2" in first
    assert "number 17" in first
    assert "number 1<" in main_of(client.get("/archive/2024/8/1/?page=2"))


def test_drafts_embargoed_stories_and_other_sites_are_never_listed(client, newsroom):
    story(newsroom, "A published story", at(2024, 7, 7, 12))
    story(newsroom, "A draft story", at(2024, 7, 7, 13), draft=True)
    embargoed = story(newsroom, "An embargoed story", timezone.now() + datetime.timedelta(days=1))
    html = main_of(client.get("/archive/2024/7/7/"))
    assert "A published story" in html
    assert "A draft story" not in html
    local_day = timezone.localtime(embargoed.published_at, newsroom.settings.zone()).date()
    later = main_of(client.get(f"/archive/{local_day.year}/{local_day.month}/{local_day.day}/"))
    assert "An embargoed story" not in later


def test_an_archive_page_has_one_heading_a_title_and_its_canonical_address(client, newsroom):
    story(newsroom, "A March story", at(2024, 3, 3, 12))
    html = client.get("/archive/2024/3/").content.decode()
    assert html.count("<h1") == 1
    assert '<h1 class="listing-header__title">March 2024</h1>' in html
    assert "<title>Archive: March 2024 | The Test Gazette</title>" in html
    assert html.count('rel="canonical"') == 1
    assert '<link rel="canonical" href="http://localhost/archive/2024/3/">' in html
    assert '<main id="main"' in html


def test_the_footer_links_to_this_year_in_the_archive(client, newsroom):
    this_year = timezone.localtime(timezone.now(), newsroom.settings.zone()).year
    html = client.get(newsroom.home.url).content.decode()
    footer = html.split('class="site-footer"')[1]
    assert f'<a href="/archive/{this_year}/">Archive</a>' in footer


PERSIAN = [("en", "English"), ("fa", "Persian")]


def persian_get(client, path):
    """A page of the Persian edition, under its language's prefix."""
    return client.get("/fa" + path)


@pytest.fixture
def tehran(newsroom, settings):
    settings.LANGUAGES = PERSIAN
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    return newsroom


def test_the_persian_archive_goes_by_solar_hijri_years_months_and_days(client, tehran):
    # 20:45 UTC on 20 March 2025 is already 1 Farvardin 1404, 00:15, in Tehran.
    story(tehran, "Nowruz just after midnight", at(2025, 3, 20, 20, 45))
    story(tehran, "On the leap day 30 Esfand 1403", at(2025, 3, 20, 8))
    story(tehran, "On 16 Azar 1405", at(2026, 12, 7, 6, 53))

    esfand = persian_get(client, "/archive/1403/12/30/")
    assert "On the leap day 30 Esfand 1403" in main_of(esfand)
    assert "Nowruz just after midnight" not in main_of(esfand)
    assert "۳۰ اسفند ۱۴۰۳" in main_of(esfand)
    assert "Nowruz just after midnight" in main_of(persian_get(client, "/archive/1404/1/1/"))

    year_1404 = main_of(persian_get(client, "/archive/1404/"))
    assert "Nowruz just after midnight" in year_1404
    assert "On the leap day 30 Esfand 1403" not in year_1404
    assert 'href="/fa/archive/1404/1/"' in year_1404
    assert "فروردین ۱۴۰۴: ۱ گزارش" in year_1404  # counted in Persian digits
    # The neighbouring periods are Solar Hijri years too.
    assert 'href="/fa/archive/1403/"' in year_1404
    assert 'href="/fa/archive/1405/"' in year_1404

    azar = main_of(persian_get(client, "/archive/1405/9/"))
    assert "On 16 Azar 1405" in azar
    assert "آذر ۱۴۰۵" in azar
    # The English edition reads the same numbers as Gregorian dates.
    assert "On 16 Azar 1405" in main_of(client.get("/archive/2026/12/7/"))


@pytest.mark.parametrize("path", ["/archive/1404/12/30/", "/archive/1405/7/31/",
                                  "/archive/1405/13/", "/archive/0/"])
def test_days_the_solar_hijri_calendar_lacks_are_not_found(client, tehran, path):
    assert persian_get(client, path).status_code == 404


def test_days_29_to_31_of_solar_hijri_months_have_their_pages(client, tehran):
    for path in ["/archive/1405/1/31/", "/archive/1405/6/31/", "/archive/1405/7/30/",
                 "/archive/1404/12/29/", "/archive/1403/12/30/"]:
        assert persian_get(client, path).status_code == 200, path


def test_a_story_purges_the_archive_pages_of_its_own_edition_only(tehran, editions):
    persian = ArticlePageFactory(parent=editions.fa_section, title="Filed on Nowruz",
                                 published_at=at(2025, 3, 21, 6))
    english = ArticlePageFactory(parent=editions.section, title="Filed on 21 March",
                                 published_at=at(2025, 3, 21, 6))
    persian_listings, english_listings = story_listings(persian), story_listings(english)
    archives = {"archive-1404-solar_hijri", "archive-1404-01-solar_hijri",
                "archive-1404-01-01-solar_hijri"}
    assert archives <= persian_listings.keys
    assert "archive-2025-03-21" not in persian_listings.keys
    assert {url for url in persian_listings.urls if "/archive/" in url} == {
        f"http://localhost/fa/archive/{path}" for path in ("1404/", "1404/1/", "1404/1/1/")}
    assert "http://localhost/fa/search/" in persian_listings.urls
    assert not archives & english_listings.keys
    assert "archive-2025-03-21" in english_listings.keys
    assert not any("/fa/" in url for url in english_listings.urls)


def test_the_persian_footer_links_to_this_solar_hijri_year_in_the_archive(client, tehran):
    this_year = SOLAR_HIJRI.parts(timezone.localtime(timezone.now(),
                                                     tehran.settings.zone()).date())[0]
    footer = persian_get(client, tehran.home.url).content.decode().split('class="site-footer"')[1]
    assert f'href="/fa/archive/{this_year}/"' in footer
