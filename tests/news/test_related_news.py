import pytest

from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_editor_picks_come_first_then_shared_topics_then_section(newsroom):
    article = ArticlePageFactory(parent=newsroom.section, topics=[newsroom.topic])
    same_section = ArticlePageFactory(parent=newsroom.section, breaking=True)
    same_topic = ArticlePageFactory(parent=newsroom.other_section, topics=[newsroom.topic],
                                    archive=True)
    pick = ArticlePageFactory(parent=newsroom.other_section, archive=True)
    article.related_picks.create(article=pick, sort_order=0)
    assert article.related_news() == [pick, same_topic, same_section]


def test_related_news_never_lists_the_article_itself_drafts_or_duplicates(newsroom):
    article = ArticlePageFactory(parent=newsroom.section, topics=[newsroom.topic])
    draft = ArticlePageFactory(parent=newsroom.section, topics=[newsroom.topic], draft=True)
    twin = ArticlePageFactory(parent=newsroom.section, topics=[newsroom.topic])
    article.related_picks.create(article=article, sort_order=0)
    article.related_picks.create(article=draft, sort_order=1)
    article.related_picks.create(article=twin, sort_order=2)
    related = article.related_news()
    assert related == [twin]


def test_an_empty_related_news_box_is_hidden(client, newsroom):
    lonely = ArticlePageFactory(parent=newsroom.section)
    html = client.get(lonely.url).content.decode()
    assert "Related News" not in html


def test_related_news_box_shows_when_there_is_a_story(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    ArticlePageFactory(parent=newsroom.section, title="A neighbouring story")
    html = client.get(article.url).content.decode()
    assert "Related News" in html
    assert "A neighbouring story" in html


def test_related_news_box_follows_a_publish(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    assert "Related News" not in client.get(article.url).content.decode()
    neighbour = ArticlePageFactory(parent=newsroom.section, title="A story published later")
    neighbour.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "A story published later" in html
    neighbour.unpublish()
    assert "A story published later" not in client.get(article.url).content.decode()


def test_related_news_box_drops_a_story_made_private_at_once(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    neighbour = ArticlePageFactory(parent=newsroom.section, title="A story soon private")
    article.related_picks.create(article=neighbour, sort_order=0)
    assert "A story soon private" in client.get(article.url).content.decode()
    PageViewRestriction.objects.create(page=neighbour, restriction_type=PageViewRestriction.LOGIN)
    assert "A story soon private" not in client.get(article.url).content.decode()
