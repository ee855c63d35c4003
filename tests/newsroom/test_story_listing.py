"""The admin's "Stories" listing, and a section's page explorer, show each story's publication
time and byline."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dateline.news.dates import format_date
from tests.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


def listing(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("stories:index") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_each_story_shows_its_publication_time_in_the_sites_style_and_its_byline(client, desk):
    second = AuthorPageFactory(parent=desk.authors, title="Levan Beridze")
    story = ArticlePageFactory(parent=desk.section, authors=[desk.author, second],
                               title="Night trains return to the coast")
    html = listing(client, desk.editor)
    with timezone.override(desk.settings.zone()):
        shown = format_date(story.published_at, "datetime")
    row = html[html.index(story.title):].split("</tr>", 1)[0]
    assert shown in row
    assert "<title>Stories - " in html
    assert f"{desk.author.title}, {second.title}" in row
    assert desk.section.title in row


def test_the_newest_story_comes_first_and_the_order_turns_on_request(client, desk):
    now = timezone.now()
    older = ArticlePageFactory(parent=desk.section, title="Older story",
                               published_at=now - datetime.timedelta(days=3))
    newer = ArticlePageFactory(parent=desk.section, title="Newer story",
                               published_at=now - datetime.timedelta(minutes=5))
    html = listing(client, desk.editor)
    assert html.index(newer.title) < html.index(older.title)
    html = listing(client, desk.editor, "?ordering=published_at")
    assert html.index(older.title) < html.index(newer.title)


def test_the_listing_filters_by_section(client, desk):
    elsewhere = ArticlePageFactory(parent=desk.other_section, title="World desk story")
    html = listing(client, desk.editor, f"?section={desk.section.pk}")
    assert desk.published.title in html
    assert elsewhere.title not in html


def test_a_sections_explorer_links_to_its_stories(client, desk):
    client.force_login(desk.editor)
    html = client.get(reverse("wagtailadmin_explore", args=[desk.section.pk])).content.decode()
    assert f'{reverse("stories:index")}?section={desk.section.pk}' in html
    home = client.get(reverse("wagtailadmin_explore", args=[desk.home.pk])).content.decode()
    assert f'{reverse("stories:index")}?section=' not in home


def test_a_sections_explorer_shows_each_storys_publication_time_and_byline(client, desk):
    second = AuthorPageFactory(parent=desk.authors, title="Levan Beridze")
    story = ArticlePageFactory(parent=desk.section, authors=[desk.author, second],
                               title="Night trains return to the coast")
    subsection = SectionPageFactory(parent=desk.section, title="Coastal towns")
    client.force_login(desk.editor)
    html = client.get(reverse("wagtailadmin_explore", args=[desk.section.pk])).content.decode()
    headers = html.split('<table class="listing', 1)[1].split("</thead>", 1)[0]
    assert "Published" in headers and "Byline" in headers
    row = html[html.index(story.title):].split("</tr>", 1)[0]
    with timezone.override(desk.settings.zone()):
        assert format_date(story.published_at, "datetime") in row
    assert f"{desk.author.title}, {second.title}" in row
    # Every child is listed, as in Wagtail's explorer: drafts, and sub-sections.
    assert desk.own_draft.title in html
    assert subsection.title in html


def test_a_sections_explorer_reads_its_stories_and_bylines_once_whatever_their_number(
        client, desk):
    for number in range(8):
        ArticlePageFactory(parent=desk.section, authors=[desk.author], title=f"Story {number}")
    client.force_login(desk.editor)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("wagtailadmin_explore", args=[desk.section.pk]))
    sql = [query["sql"] for query in queries.captured_queries]
    assert len([q for q in sql if 'FROM "news_articlepage"' in q]) == 1
    assert len([q for q in sql if 'FROM "news_articleauthor"' in q]) == 1
