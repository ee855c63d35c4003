"""An article's topics are chosen by typing, through an autocomplete that answers for topics
only, and a mangled value is a form error."""

import json

import pytest

from django.urls import reverse

from tests.admin_forms import article_form, edit_url
from tests.factories import TopicPageFactory

pytestmark = pytest.mark.django_db


def chosen(*topics):
    return json.dumps([{"pk": topic.pk, "title": topic.title} for topic in topics])


def test_the_editor_offers_topics_by_autocomplete_not_a_column_of_checkboxes(editor_client,
                                                                             draft):
    html = editor_client.get(edit_url(draft)).content.decode()
    assert 'data-autocomplete-input-type="news.TopicPage"' in html
    assert 'type="checkbox" name="topics"' not in html


def test_chosen_topics_are_saved_with_the_story(editor_client, draft, newsroom):
    energy = TopicPageFactory(parent=newsroom.topics, title="Energy", slug="energy")
    response = editor_client.post(edit_url(draft), article_form(
        draft, topics=chosen(newsroom.topic, energy)))
    assert response.status_code == 302
    latest = draft.get_latest_revision_as_object()
    assert sorted(topic.title for topic in latest.topics.all()) == ["Energy", "Water"]


@pytest.mark.parametrize("mangled", ["not json", '{"pk": "x"}', "[1, 2]", '[{"pk": "abc"}]',
                                     '[{"pk": 999999}]'])
def test_a_mangled_topics_value_is_a_form_error_and_nothing_is_lost(editor_client, draft,
                                                                    mangled):
    before = draft.latest_revision_id
    response = editor_client.post(edit_url(draft), article_form(draft, topics=mangled))
    assert response.status_code == 200
    assert b'data-contentpath="topics"' in response.content
    assert b"w-field--error" in response.content or b"error-message" in response.content
    draft.refresh_from_db()
    assert draft.latest_revision_id == before


def search(client, **data):
    return client.post(reverse("topic_chooser_search"), data)


def test_the_chooser_finds_live_topics_by_a_few_letters(editor_client, newsroom):
    TopicPageFactory(parent=newsroom.topics, title="Wages", slug="wages", live=False)
    response = search(editor_client, type="news.TopicPage", query="wa")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Water"]


@pytest.mark.parametrize("asked", [
    {"type": "auth.User", "query": "a"},
    {"type": "news.ArticlePage", "query": "a"},
    {"type": "wagtaildocs.Document", "query": "a"},
    {"query": "a"},
    {"type": "news.TopicPage", "query": "a", "limit": "-1"},
    {"type": "news.TopicPage", "query": "a", "limit": "lots"},
])
def test_the_chooser_answers_for_topics_only_and_refuses_the_rest_plainly(editor_client,
                                                                         newsroom, asked):
    assert search(editor_client, **asked).status_code == 400


def test_the_chooser_reads_chosen_topics_back_and_refuses_bad_ids(editor_client, newsroom):
    url = reverse("topic_chooser_objects")
    found = editor_client.get(url, {"type": "news.TopicPage", "pks": str(newsroom.topic.pk)})
    assert found.json()["items"] == [{"pk": newsroom.topic.pk, "title": "Water"}]
    assert editor_client.get(url, {"type": "news.TopicPage", "pks": "abc"}).status_code == 400
    assert editor_client.get(url, {"type": "auth.User", "pks": "1"}).status_code == 400


def test_the_chooser_is_for_signed_in_staff_only(client, newsroom):
    response = search(client, type="news.TopicPage", query="wa")
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
