"""Wagtail's admin search on the database's own full-text engine, the same on SQLite and
PostgreSQL: every page, drafts too, plus images and snippets."""

import io

import pytest
from wagtail_factories import ImageFactory

from django.core.management import call_command
from django.urls import reverse

from dateline.discovery.models import AdminSearchEntry
from dateline.news.models import ArticlePage
from tests import factories
from tests.almanac.factories import AlmanacEntryFactory

pytestmark = pytest.mark.django_db


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def published(parent, **fields):
    article = factories.ArticlePageFactory(parent=parent, **fields)
    article.save_revision().publish()
    return article


def admin_search(client, query):
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_story_is_found_by_a_headline_word(editor_client, newsroom):
    published(newsroom.section, title="Saffron harvest fails")
    assert "Saffron harvest fails" in admin_search(editor_client, "saffron")


def test_a_published_story_is_found_by_a_word_of_its_body(editor_client, newsroom):
    published(newsroom.section, title="Council meets", body=paragraph("Pistachio growers came."))
    assert "Council meets" in admin_search(editor_client, "pistachio")


def test_a_draft_is_found(editor_client, newsroom):
    factories.ArticlePageFactory(parent=newsroom.section, title="Sturgeon quota draft",
                                 draft=True)
    assert "Sturgeon quota draft" in admin_search(editor_client, "sturgeon")


def test_a_live_story_is_found_by_the_headline_of_its_new_draft(editor_client, newsroom):
    article = published(newsroom.section, title="Walnut market busy")
    article.title = "Almond market quiet"
    article.save_revision()
    assert "Almond market quiet" in admin_search(editor_client, "almond")


def test_a_section_page_is_found_by_its_title(editor_client, newsroom):
    assert "Caucasus" in admin_search(editor_client, "caucasus")


def test_the_last_word_is_found_as_it_is_being_typed(editor_client, newsroom):
    published(newsroom.section, title="Pomegranate festival opens")
    assert "Pomegranate festival opens" in admin_search(editor_client, "festival pomegr")


def test_a_headline_match_ranks_above_a_body_only_match(editor_client, newsroom):
    published(newsroom.section, title="Council meets on Monday",
              body=paragraph("Caviar prices rose."))
    published(newsroom.section, title="Caviar exports grow", body=paragraph("A good year."))
    html = admin_search(editor_client, "caviar")
    assert html.index("Caviar exports grow") < html.index("Council meets on Monday")


def test_the_live_filter_leaves_out_drafts(editor_client, newsroom):
    published(newsroom.section, title="Tea prices hold")
    factories.ArticlePageFactory(parent=newsroom.section, title="Tea prices draft", draft=True)
    html = admin_search(editor_client, "tea live:true")
    assert "Tea prices hold" in html
    assert "Tea prices draft" not in html


@pytest.mark.parametrize("query", [
    '"', '""', "*", "NEAR(a b)", "a OR", "(", "-", "tea -", "tea AND", "title:tea", "^tea",
    "'", "tea'", '"tea', "tea" * 34_000, '"tea" ' * 20_000, "!?.,;:…", "", "   ", "½",
    "live:",
])
def test_hostile_queries_answer_normally(editor_client, newsroom, query):
    published(newsroom.section, title="A cup of tea in Baku")
    admin_search(editor_client, query)


def test_a_deleted_page_is_no_longer_found(editor_client, newsroom):
    article = published(newsroom.section, title="Caspian ferry resumes")
    assert "Caspian ferry resumes" in admin_search(editor_client, "caspian")
    article.delete()
    assert "Caspian ferry resumes" not in admin_search(editor_client, "caspian")
    assert not AdminSearchEntry.objects.filter(object_id=article.pk).exists()


def test_a_search_keeps_to_the_queryset_it_is_given(newsroom):
    live = published(newsroom.section, title="Bridge opens")
    factories.ArticlePageFactory(parent=newsroom.section, title="Bridge draft", draft=True)
    assert list(ArticlePage.objects.live().search("bridge")) == [live]
    assert ArticlePage.objects.search("bridge").count() == 2


def test_the_image_chooser_finds_images_by_title(editor_client):
    ImageFactory(title="Harbour at dawn")
    ImageFactory(title="Dam spillway")
    response = editor_client.get(reverse("wagtailimages_chooser:choose"), {"q": "harbour"})
    assert response.status_code == 200
    assert b"Harbour at dawn" in response.content
    assert b"Dam spillway" not in response.content


def test_the_snippet_chooser_finds_almanac_entries_by_text(editor_client):
    AlmanacEntryFactory(text="The Tehran Conference opens")
    AlmanacEntryFactory(text="A bridge is opened in Baku")
    url = reverse("wagtailsnippetchoosers_almanac_almanacentry:choose")
    response = editor_client.get(url, {"q": "tehran"})
    assert response.status_code == 200
    assert b"Tehran Conference" in response.content
    assert b"bridge is opened" not in response.content


def test_updating_the_index_restores_entries_saved_without_signals(newsroom):
    article = published(newsroom.section, title="Saffron harvest fails")
    AdminSearchEntry.objects.all().delete()
    call_command("update_index", stdout=io.StringIO())
    assert list(ArticlePage.objects.search("saffron")) == [article]
