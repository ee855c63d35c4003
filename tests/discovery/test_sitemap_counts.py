"""The sitemap index adds up days the publish pipeline keeps counted: after every kind of change
the kept days equal the site's stories counted afresh, and the index lists what it did when it
counted the archive on every render."""

import collections
import datetime
import re
import zoneinfo

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

from dateline.discovery import sitemap_counts
from dateline.discovery.models import CountedSite, StoryDay
from dateline.news.models import ArticlePage
from tests import factories

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


def stories_by_day(site, zone):
    """The oracle: every live, unrestricted story of the site, by its day in the zone."""
    restricted = [restriction.page.path for restriction in PageViewRestriction.objects.all()]
    days = collections.defaultdict(list)
    for story in ArticlePage.objects.live().descendant_of(site.root_page):
        if any(story.path.startswith(path) for path in restricted):
            continue
        days[story.published_at.astimezone(zone).date()].append(story)
    return {day: (len(stories), max(story.published_at for story in stories),
                  max(story.updated_at or story.published_at for story in stories))
            for day, stories in days.items()}


def kept(site):
    return {row.day: (row.stories, row.newest, row.lastmod)
            for row in StoryDay.objects.filter(site=site)}


@pytest.fixture
def counted(newsroom, django_capture_on_commit_callbacks):
    """A site with stories on several days, counted; ``change()`` runs a change as the admin
    does, its after-commit steps included."""
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    now = timezone.now()
    stories = [factories.ArticlePageFactory(parent=section, published_at=now - age)
               for section, age in ((newsroom.section, datetime.timedelta(days=400)),
                                    (newsroom.section, datetime.timedelta(days=2)),
                                    (newsroom.other_section, datetime.timedelta(days=2)),
                                    (newsroom.other_section, datetime.timedelta(days=30)))]
    sitemap_counts.count_site(newsroom.site)

    def change(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()

    newsroom.stories = stories
    newsroom.change = change
    return newsroom


def assert_kept_right(site):
    assert CountedSite.objects.filter(site=site, zone="Asia/Tehran").exists()
    assert kept(site) == stories_by_day(site, TEHRAN)


def test_counting_a_site_gives_each_day_its_stories(counted):
    assert kept(counted.site) == stories_by_day(counted.site, TEHRAN)
    assert sum(stories for stories, _newest, _lastmod in kept(counted.site).values()) == 4


def test_a_publish_counts_the_new_story_on_its_day(counted):
    story = factories.ArticlePageFactory(parent=counted.section, draft=True,
                                         published_at=timezone.now() - datetime.timedelta(days=9))

    counted.change(lambda: story.save_revision().publish())

    assert_kept_right(counted.site)
    day = story.published_at.astimezone(TEHRAN).date()
    assert kept(counted.site)[day][0] == 1


def test_an_unpublish_takes_the_story_from_its_day(counted):
    story = counted.stories[0]
    day = story.published_at.astimezone(TEHRAN).date()

    counted.change(story.unpublish)

    assert_kept_right(counted.site)
    assert day not in kept(counted.site)


def test_a_new_publication_time_moves_the_story_to_its_new_day(counted):
    story = counted.stories[1]
    before = story.published_at.astimezone(TEHRAN).date()
    story.published_at -= datetime.timedelta(days=100)

    counted.change(lambda: story.save_revision().publish())

    assert_kept_right(counted.site)
    assert kept(counted.site)[before][0] == 1  # the other story of that day stays
    assert kept(counted.site)[story.published_at.astimezone(TEHRAN).date()][0] == 1


def test_a_correction_moves_the_latest_change_of_its_day(counted):
    story = counted.stories[3]
    story.updated_at = timezone.now() - datetime.timedelta(days=1)

    counted.change(lambda: story.save_revision().publish())

    assert_kept_right(counted.site)
    assert kept(counted.site)[story.published_at.astimezone(TEHRAN).date()][2] == \
        story.updated_at


def test_a_deletion_takes_the_story_from_its_day(counted):
    story = counted.stories[2]

    counted.change(story.delete)

    assert_kept_right(counted.site)
    assert kept(counted.site)[story.published_at.astimezone(TEHRAN).date()][0] == 1


def test_a_move_to_another_site_counts_it_there_and_not_here(counted):
    other_home = factories.HomePageFactory(parent=counted.home.get_parent(), slug="other")
    other_site = Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    other_section = factories.SectionPageFactory(parent=other_home, title="Elsewhere",
                                                 slug="elsewhere")
    sitemap_counts.count_site(other_site)
    story = counted.stories[0]

    counted.change(lambda: story.move(other_section, pos="last-child"))

    assert_kept_right(counted.site)
    assert kept(other_site) == stories_by_day(other_site, sitemap_counts.site_zone(other_site))
    assert len(kept(other_site)) == 1


def test_a_restriction_takes_the_story_from_its_day(counted):
    story = counted.stories[3]

    counted.change(lambda: PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="secret"))

    assert_kept_right(counted.site)
    assert story.published_at.astimezone(TEHRAN).date() not in kept(counted.site)


def test_a_section_taken_down_leaves_the_site_to_be_counted_again(counted, client):
    counted.change(counted.other_section.unpublish)

    assert not CountedSite.objects.filter(site=counted.site).exists()
    client.get("/sitemap.xml")
    assert_kept_right(counted.site)


def test_a_new_zone_counts_the_site_again_in_it(counted, client):
    counted.settings.time_zone = "America/Los_Angeles"
    counted.settings.save()

    client.get("/sitemap.xml")

    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    assert CountedSite.objects.get(site=counted.site).zone == "America/Los_Angeles"
    assert kept(counted.site) == stories_by_day(counted.site, zone)


def test_the_rebuild_command_counts_stories_filed_outside_publishing(counted):
    factories.ArticlePageFactory(parent=counted.section,
                                 published_at=timezone.now() - datetime.timedelta(days=700))
    assert kept(counted.site) != stories_by_day(counted.site, TEHRAN)

    call_command("rebuild_sitemap_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert_kept_right(counted.site)


def index_years(client):
    return [(int(year), page) for year, page in
            re.findall(r"sitemap-articles-(\d+)\.xml(?:\?p=(\d+))?", client.get(
                "/sitemap.xml").content.decode())]


def test_a_story_whose_time_comes_is_listed_without_a_change(counted, client, monkeypatch):
    embargoed = factories.ArticlePageFactory(
        parent=counted.section, published_at=timezone.now() + datetime.timedelta(days=400))
    counted.change(lambda: embargoed.save_revision().publish())
    year = embargoed.published_at.astimezone(TEHRAN).year
    assert (year, "") not in index_years(client)

    later = embargoed.published_at + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert (year, "") in index_years(client)
