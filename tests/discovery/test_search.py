"""Reader search on the database's own full-text engine, the same on SQLite and PostgreSQL."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from wagtail.images.tests.utils import get_test_image_file

from dateline.discovery.models import SearchDocument
from dateline.discovery.search import get_search_backend
from dateline.discovery.search.backends import base, postgresql
from dateline.discovery.search.query import MAX_TERMS, content_words, search_terms
from dateline.news.models import ArticlePage, NewsImage
from tests import factories

pytestmark = pytest.mark.django_db


def published(parent, **fields):
    """An article published the way editors publish, so the search index hears of it."""
    article = factories.ArticlePageFactory(parent=parent, **fields)
    article.save_revision().publish()
    return article


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def found_ids(query, **filters):
    results = get_search_backend().search(query, **filters)
    return [hit.article_id for hit in results[:100]]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_a_headline_match_ranks_above_a_body_only_match(newsroom):
    in_body = published(newsroom.section, title="Council meets on Monday",
                        standfirst="A routine session.", body=paragraph("Saffron prices rose."))
    in_headline = published(newsroom.section, title="Saffron harvest fails",
                            standfirst="Farmers count losses.", body=paragraph("A poor year."),
                            published_at=days_ago(30))
    assert found_ids("saffron") == [in_headline.pk, in_body.pk]


def test_recency_breaks_ties_between_equal_matches(newsroom):
    story = {"title": "Caspian ferry resumes", "standfirst": "Boats sail again.",
             "body": paragraph("The ferry sails at dawn.")}
    older = published(newsroom.section, slug="older", published_at=days_ago(10), **story)
    newer = published(newsroom.section, slug="newer", published_at=days_ago(1), **story)
    assert found_ids("caspian ferry") == [newer.pk, older.pk]


def test_pages_of_results_continue_without_gaps_or_repeats_through_ties(newsroom):
    story = {"title": "Caspian ferry resumes", "standfirst": "Boats sail again.",
             "body": paragraph("The ferry sails at dawn.")}
    by_recency = [published(newsroom.section, slug=f"ferry-{age}", published_at=days_ago(age),
                            **story).pk for age in range(1, 8)]
    results = get_search_backend().search("ferry")
    pages = [hit.article_id for start in range(0, 8, 3) for hit in results[start:start + 3]]
    assert pages == by_recency


def test_a_draft_left_in_the_index_is_still_never_found(newsroom):
    article = published(newsroom.section, title="Saffron auction opens")
    ArticlePage.objects.filter(pk=article.pk).update(live=False)
    assert SearchDocument.objects.filter(article_id=article.pk).exists()
    assert found_ids("saffron") == []
    assert get_search_backend().search("saffron").count() == 0


def test_a_story_with_every_word_in_its_headline_ranks_above_many_body_mentions(newsroom):
    in_headline = published(newsroom.section, title="Caspian ferry strike ends",
                            standfirst="Crews return.", body=paragraph("Boats sail at dawn."),
                            published_at=days_ago(400))
    for age in range(1, 4):
        published(newsroom.section, title="Harbour notes", slug=f"notes-{age}",
                  standfirst="Port news.", published_at=days_ago(age),
                  body=paragraph("Caspian ferry crews say the Caspian ferry is the only ferry."))
    assert found_ids("caspian ferry")[0] == in_headline.pk


def test_a_story_with_many_mentions_ranks_above_newer_passing_mentions(newsroom):
    story = {"title": "Harbour notes", "standfirst": "Port news."}
    passing = [published(newsroom.section, slug=f"passing-{age}", published_at=days_ago(age),
                         body=paragraph("A ferry was late."), **story).pk for age in (1, 2)]
    about_ferries = published(newsroom.section, slug="about", published_at=days_ago(30),
                              body=paragraph("Ferry after ferry: the ferry fleet, ferry crews, "
                                             "ferry fares and ferry timetables."), **story)
    assert found_ids("ferry") == [about_ferries.pk, *passing]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="FTS5 ranks every match")
def test_when_very_many_stories_match_only_the_newest_are_ranked_by_relevance(monkeypatch,
                                                                             newsroom):
    monkeypatch.setattr(postgresql, "RANKED_CANDIDATES", 2)
    story = {"title": "Harbour notes", "standfirst": "Port news."}
    passing = [published(newsroom.section, slug=f"passing-{age}", published_at=days_ago(age),
                         body=paragraph(f"A ferry was {age} hours late."), **story).pk
               for age in (1, 2)]
    older = [published(newsroom.section, slug=f"older-{age}", published_at=days_ago(age),
                       body=paragraph("Ferry after ferry: the ferry fleet and ferry crews."),
                       **story).pk for age in (30, 40)]
    assert found_ids("ferry") == [*passing, *older]


def test_every_word_of_the_query_must_match(newsroom):
    both = published(newsroom.section, title="Tea and bread prices")
    published(newsroom.section, title="Tea harvest begins")
    assert found_ids("tea bread") == [both.pk]


def test_function_words_of_the_query_are_ignored(newsroom):
    article = published(newsroom.section, title="Price of bread rises",
                        standfirst="Bakers blame flour.", body=paragraph("Flour costs more."))
    assert found_ids("the price of bread") == [article.pk]


def test_a_query_of_function_words_alone_finds_nothing(client, newsroom):
    published(newsroom.section, title="The state of the roads",
              standfirst="It is what it is.", body=paragraph("And so it was, and is."))
    assert found_ids("the of it") == []
    html = client.get("/search/", {"q": "the of it"}).content.decode()
    assert "0 stories found" in html


def test_counting_stops_past_the_limit_and_the_page_says_more_than(monkeypatch, client,
                                                                  newsroom):
    monkeypatch.setattr(base, "COUNT_LIMIT", 2)
    for age in range(1, 4):
        published(newsroom.section, title=f"Tea report {age}", slug=f"tea-{age}",
                  published_at=days_ago(age))
    results = get_search_backend().search("tea")
    assert (results.count(), results.more_than_counted) == (2, True)
    assert "More than 2 stories found" in client.get("/search/", {"q": "tea"}).content.decode()


def test_drafts_and_embargoed_stories_are_never_found(newsroom):
    factories.ArticlePageFactory(parent=newsroom.section, title="Pistachio draft", draft=True)
    published(newsroom.section, title="Pistachio embargo", embargoed=True)
    assert found_ids("pistachio") == []


def test_an_unpublished_story_leaves_the_index(newsroom):
    article = published(newsroom.section, title="Pomegranate festival opens")
    assert found_ids("pomegranate") == [article.pk]
    article.unpublish()
    assert found_ids("pomegranate") == []
    assert not SearchDocument.objects.filter(article_id=article.pk).exists()


def test_a_deleted_story_leaves_the_index(newsroom):
    article = published(newsroom.section, title="Sturgeon season closes")
    article.delete()
    assert found_ids("sturgeon") == []
    assert not SearchDocument.objects.exists()


def test_republishing_replaces_the_indexed_text(newsroom):
    article = published(newsroom.section, title="Walnut market busy")
    article.title = "Almond market busy"
    article.save_revision().publish()
    assert found_ids("walnut") == []
    assert found_ids("almond") == [article.pk]


def test_filters_narrow_by_section_author_and_date(newsroom):
    here = published(newsroom.section, title="Bridge opens in Tbilisi",
                     authors=[newsroom.author], published_at=days_ago(3))
    elsewhere = published(newsroom.other_section, title="Bridge opens abroad",
                          published_at=days_ago(40))
    assert found_ids("bridge", section=newsroom.section) == [here.pk]
    assert found_ids("bridge", author=newsroom.author) == [here.pk]
    assert found_ids("bridge", date_to=days_ago(20)) == [elsewhere.pk]
    assert found_ids("bridge", date_from=days_ago(20)) == [here.pk]


def test_the_query_is_cut_to_a_few_plain_words():
    assert search_terms('"NEAR(a b)" OR -c* tea_cup') == ["near", "a", "b", "or", "c", "tea", "cup"]
    assert len(search_terms(" ".join(f"w{n}" for n in range(50)))) == MAX_TERMS
    assert search_terms("?!… — ***") == []


def test_a_readers_words_are_the_query_without_function_words():
    assert content_words("The price OF bread, and the butter") == ["price", "bread", "butter"]
    assert len(content_words("the a of " + " ".join(f"w{n}" for n in range(50)))) == MAX_TERMS
    assert content_words("to be or not to be") == []


@pytest.mark.parametrize("query", [
    '"', "*", "NEAR(a b)", "a OR", "(", "-", "tea -", "tea AND", "title:tea", "^tea",
    "tea" * 34_000, "!?.,;:…", "", "   ",
])
def test_hostile_queries_answer_normally(client, newsroom, query):
    published(newsroom.section, title="A cup of tea in Baku")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_the_search_page_lists_matches_with_highlighted_snippets(client, newsroom):
    published(newsroom.section, title="Tea houses of Baku",
              body=paragraph("Everyone drinks tea in the old town."))
    response = client.get("/search/", {"q": "tea"})
    html = response.content.decode()
    assert "Tea houses of Baku" in html
    assert "<mark>tea</mark>" in html.lower()


def test_snippets_escape_the_article_text(client, newsroom):
    published(newsroom.section, title="Injection attempt",
              body=paragraph("Tea &lt;script&gt;alert(1)&lt;/script&gt; served hot."))
    html = client.get("/search/", {"q": "tea"}).content.decode()
    assert "&lt;script&gt;" in html
    assert "<script>alert" not in html


def test_the_search_page_is_not_indexed_by_search_engines(client, newsroom):
    html = client.get("/search/", {"q": "tea"}).content.decode()
    assert '<meta name="robots" content="noindex">' in html


def test_the_search_page_filters_by_section(client, newsroom):
    published(newsroom.section, title="Tea in the Caucasus")
    published(newsroom.other_section, title="Tea in the world")
    html = client.get("/search/", {"q": "tea", "section": newsroom.other_section.pk}).content
    assert b"Tea in the world" in html
    assert b"Tea in the Caucasus" not in html


def test_a_bad_filter_value_is_ignored_not_an_error(client, newsroom):
    published(newsroom.section, title="Tea prices hold")
    response = client.get("/search/", {"q": "tea", "section": "x", "date_from": "yesterday"})
    assert response.status_code == 200
    assert b"Tea prices hold" in response.content


def test_result_pages_follow_the_listing_rules(client, newsroom):
    for number in range(16):
        published(newsroom.section, title=f"Tea report {number}", slug=f"tea-{number}")
    assert client.get("/search/", {"q": "tea", "page": "junk"}).status_code == 200
    second = client.get("/search/", {"q": "tea", "page": "2"})
    assert second.status_code == 200
    assert b"q=tea&amp;page=1" in second.content
    assert client.get("/search/", {"q": "tea", "page": "3"}).status_code == 404


def test_rebuilding_the_index_finds_stories_published_without_signals(newsroom):
    article = factories.ArticlePageFactory(parent=newsroom.section, title="Caviar exports grow")
    assert found_ids("caviar") == []
    output = io.StringIO()
    call_command("rebuild_search_index", stdout=output)
    assert found_ids("caviar") == [article.pk]
    assert "Indexed 1 articles" in output.getvalue()


def test_snippets_quote_the_story_never_its_pictures_alt_text_or_captions(client, newsroom):
    picture = NewsImage.objects.create(title="Square", file=get_test_image_file())
    published(newsroom.section, title="Tabriz opens a new public square", body=[
        ("paragraph", "<p>The city opened its new public space on Friday.</p>"),
        ("image", {"image": picture, "alt_text": "Abstract illustration of a square",
                   "caption": "Abstract shapes of the public space", "credit": ""}),
        ("paragraph", "<p>Residents gathered in the public square at dusk.</p>"),
    ])
    html = client.get("/search/", {"q": "public"}).content.decode()
    snippet = html.split('class="search-results__snippet"')[1].split("</p>")[0]
    assert "<mark>public</mark>" in snippet.lower()
    assert "Abstract" not in snippet
    # Words only a picture carries find nothing: search reads the story's own words.
    assert found_ids("abstract") == []


def test_the_not_found_page_offers_a_search_with_the_words_of_the_address(client, newsroom):
    response = client.get("/caucasus/ferry-timetable-changes/")
    assert response.status_code == 404
    html = response.content.decode()
    form = html.split('<form class="search-box" role="search"')[1].split("</form>")[0]
    assert 'action="/search/"' in form
    assert 'name="q" value="ferry timetable changes"' in form
