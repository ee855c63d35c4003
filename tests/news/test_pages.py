import datetime

import pytest

from django.utils import timezone

from tests.factories import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


def test_every_page_type_renders(client, newsroom):
    article = ArticlePageFactory(
        parent=newsroom.section, authors=[newsroom.author], topics=[newsroom.topic]
    )
    pages = [
        newsroom.home, newsroom.section, article, newsroom.authors, newsroom.author,
        newsroom.topics, newsroom.topic, newsroom.about,
    ]
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response["Content-Type"].startswith("text/html")


def test_article_shows_headline_once_with_byline_dateline_and_times(client, newsroom):
    article = ArticlePageFactory(
        parent=newsroom.section, title="Bridge over the Kura opens to traffic",
        authors=[newsroom.author], updated=True, corrected=True,
    )
    html = client.get(article.url).content.decode()
    assert html.count("Bridge over the Kura opens to traffic</h1>") == 1
    assert html.count("<h1") == 1
    assert "Nino Kapanadze" in html
    assert "TBILISI" in html
    assert html.count("<time datetime=") >= 3  # published, updated, correction note
    assert "Updated" in html
    assert "An earlier version misspelt the engineer" in html


def test_article_body_renders_every_block_kind(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    html = client.get(article.url).content.decode()
    assert "The council met to discuss the new bridge." in html
    assert '<h2 class="body__subhead">What happens next</h2>' in html
    assert "We will build it." in html
    assert 'class="fact-box"' in html
    assert 'href="https://video.example.org/watch/1"' in html
    assert "<iframe" not in html  # embeds are link cards: no request to another host


def test_header_shows_today_in_the_site_time_zone(client, newsroom):
    newsroom.settings.time_zone = "Pacific/Kiritimati"  # UTC+14: often already tomorrow
    newsroom.settings.save()
    today_there = timezone.now().astimezone(datetime.timezone(datetime.timedelta(hours=14)))
    html = client.get(newsroom.home.url).content.decode()
    assert f'<time datetime="{today_there.date().isoformat()}">' in html


def test_html_element_carries_language_and_direction(client, newsroom):
    html = client.get(newsroom.home.url).content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_footer_carries_the_about_blurb(client, newsroom):
    html = client.get(newsroom.section.url).content.decode()
    assert "The Test Gazette reports on the towns of the test valley." in html


def test_section_lists_its_own_and_subsection_articles_newest_first(client, newsroom):
    books = SectionPageFactory(parent=newsroom.section, title="Books", slug="books")
    older = ArticlePageFactory(parent=newsroom.section, title="Older story", archive=True)
    newer = ArticlePageFactory(parent=books, title="Newer story", breaking=True)
    elsewhere = ArticlePageFactory(parent=newsroom.other_section, title="Elsewhere story")
    html = client.get(newsroom.section.url).content.decode()
    assert html.index(newer.title) < html.index(older.title)
    assert elsewhere.title not in html.split('id="main"')[1].split("site-footer")[0]


def test_drafts_and_embargoed_stories_are_not_listed(client, newsroom):
    ArticlePageFactory(parent=newsroom.section, title="Draft story", draft=True)
    ArticlePageFactory(parent=newsroom.section, title="Embargoed story", embargoed=True)
    html = client.get(newsroom.section.url).content.decode()
    assert "Draft story" not in html
    assert "Embargoed story" not in html


@pytest.mark.parametrize("junk", ["abc", "", "1.5", "-1", "%00", "9" * 40])
def test_junk_page_numbers_give_the_first_page_or_a_404(client, newsroom, junk):
    ArticlePageFactory.create_batch(3, parent=newsroom.section)
    response = client.get(newsroom.section.url, {"page": junk})
    assert response.status_code in (200, 404)


def test_a_page_past_the_end_is_a_404_and_a_word_is_the_first_page(client, newsroom):
    ArticlePageFactory.create_batch(20, parent=newsroom.section)
    assert client.get(newsroom.section.url, {"page": "2"}).status_code == 200
    assert client.get(newsroom.section.url, {"page": "3"}).status_code == 404
    first = client.get(newsroom.section.url, {"page": "first"})
    assert first.status_code == 200
    assert "Page 1 of 2" in first.content.decode()


def test_unknown_address_gives_the_styled_404(client, newsroom):
    response = client.get("/no-such-story/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_author_page_lists_only_their_stories(client, newsroom):
    theirs = ArticlePageFactory(parent=newsroom.section, title="Their story",
                                authors=[newsroom.author])
    ArticlePageFactory(parent=newsroom.section, title="Someone else's story")
    html = client.get(newsroom.author.url).content.decode()
    assert theirs.title in html
    assert "Someone else's story" not in html


def test_topic_page_lists_tagged_stories(client, newsroom):
    ArticlePageFactory(parent=newsroom.section, title="Tagged story", topics=[newsroom.topic])
    ArticlePageFactory(parent=newsroom.section, title="Untagged story")
    html = client.get(newsroom.topic.url).content.decode()
    assert "Tagged story" in html
    assert "Untagged story" not in html


def test_no_story_appears_twice_on_the_front_page(newsroom):
    for section in (newsroom.section, newsroom.other_section):
        ArticlePageFactory.create_batch(9, parent=section)
    front = newsroom.home.front_page()
    shown = [front["lead"], *front["top_stories"], *front["latest"]]
    shown += [story for _section, stories in front["rails"] for story in stories]
    assert len(shown) == len({story.pk for story in shown}) >= 13


def test_the_editor_chooses_the_lead_and_unpublished_top_picks_are_skipped(newsroom):
    chosen_lead = ArticlePageFactory(parent=newsroom.section, archive=True)
    ArticlePageFactory(parent=newsroom.section, breaking=True)
    unpublished_pick = ArticlePageFactory(parent=newsroom.section, embargoed=True)
    pick = ArticlePageFactory(parent=newsroom.other_section, archive=True)
    newsroom.home.lead_article = chosen_lead
    newsroom.home.save()
    newsroom.home.top_stories.create(article=unpublished_pick, sort_order=0)
    newsroom.home.top_stories.create(article=pick, sort_order=1)
    front = newsroom.home.front_page()
    assert front["lead"] == chosen_lead
    assert front["top_stories"][0] == pick
    assert unpublished_pick not in front["top_stories"]


def test_site_logo_shows_in_the_masthead(client, newsroom):
    from wagtail_factories import ImageFactory

    newsroom.settings.logo = ImageFactory(title="Gazette logo")
    newsroom.settings.save()
    html = client.get(newsroom.home.url).content.decode()
    assert 'class="masthead__logo"' in html


def test_articles_in_nested_sections_carry_the_breadcrumb_trail(client, newsroom):
    books = SectionPageFactory(parent=newsroom.section, title="Books", slug="books")
    article = ArticlePageFactory(parent=books)
    html = client.get(article.url).content.decode()
    trail = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert trail.index(">Caucasus<") < trail.index(">Books<")
    assert article.title not in trail


def test_a_topic_page_costs_the_same_queries_for_3_or_15_stories(client, newsroom):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_topic_page():
        client.get(newsroom.topic.url)
        with CaptureQueriesContext(connection) as context:
            client.get(newsroom.topic.url)
        return len(context.captured_queries)

    def stories(count):
        ArticlePageFactory.create_batch(count, parent=newsroom.section, topics=[newsroom.topic],
                                        authors=[newsroom.author])

    stories(3)
    few = queries_for_topic_page()
    stories(12)
    assert queries_for_topic_page() == few


def test_publishing_a_correction_marks_the_story_as_updated(client, newsroom):
    from dateline.news.models import ArticleCorrection

    article = ArticlePageFactory(parent=newsroom.section, archive=True)
    assert not article.was_updated()
    noted_at = timezone.now()
    ArticleCorrection.objects.create(article=article, kind="correction", noted_at=noted_at,
                                     text="An earlier version gave the wrong date.")
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.updated_at == noted_at
    assert article.modified_at() == noted_at
    assert "Updated" in client.get(article.url).content.decode()
