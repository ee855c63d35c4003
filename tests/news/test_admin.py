"""Editors can open every editing screen the newsroom uses."""

import pytest

from django.urls import reverse

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_edit_screens_of_every_page_type_open(editor_client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author],
                                 topics=[newsroom.topic], corrected=True)
    pages = [newsroom.home, newsroom.section, article, newsroom.authors, newsroom.author,
             newsroom.topics, newsroom.topic, newsroom.about]
    for page in pages:
        response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert response.status_code == 200, page.specific_class.__name__


@pytest.mark.parametrize(
    ("parent_name", "app", "model"),
    [("section", "news", "articlepage"), ("home", "news", "sectionpage"),
     ("section", "news", "sectionpage"), ("authors", "news", "authorpage"),
     ("topics", "news", "topicpage"), ("home", "news", "plainpage")],
)
def test_add_screens_open_under_their_parents(editor_client, newsroom, parent_name, app, model):
    parent = getattr(newsroom, parent_name)
    url = reverse("wagtailadmin_pages:add", args=[app, model, parent.pk])
    assert editor_client.get(url).status_code == 200


def test_an_article_is_created_and_published_through_the_admin(editor_client, newsroom):
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", newsroom.section.pk])
    form = {
        "title": "Ferry timetable changes for the winter",
        "slug": "ferry-timetable-winter",
        "standfirst": "Fewer crossings from December.",
        "dateline_place": "BAKU",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": '{"blocks":[{"key":"a","text":"Ferries will run twice a day.",'
                        '"type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],'
                        '"entityMap":{}}',
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        "article_authors-TOTAL_FORMS": "1",
        "article_authors-INITIAL_FORMS": "0",
        "article_authors-MIN_NUM_FORMS": "0",
        "article_authors-MAX_NUM_FORMS": "1000",
        "article_authors-0-author": str(newsroom.author.pk),
        "article_authors-0-ORDER": "1",
        "article_authors-0-DELETE": "",
        "article_authors-0-id": "",
        "related_picks-TOTAL_FORMS": "0",
        "related_picks-INITIAL_FORMS": "0",
        "related_picks-MIN_NUM_FORMS": "0",
        "related_picks-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    from dateline.news.models import ArticlePage

    article = ArticlePage.objects.get(slug="ferry-timetable-winter")
    assert article.live
    assert article.published_at == article.first_published_at
    assert article.authors() == [newsroom.author]
    assert "Ferries will run twice a day." in editor_client.get(article.url).content.decode()


def test_site_settings_open_in_the_admin(editor_client, newsroom):
    url = reverse("wagtailsettings:edit", args=["news", "sitesettings", newsroom.site.pk])
    assert editor_client.get(url).status_code == 200
