"""The benchmarks' archive seeding: a large archive written in bulk that is still a sound,
searchable site, and never written into a newsroom's database unless forced."""

import datetime
import io

import pytest

from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from wagtail.models import Page

from benchmarks.archive_seeding.newsroom import prepare_newsroom
from benchmarks.archive_seeding.seeding import SeedingRefused, main, seed_archive
from benchmarks.archive_seeding.writing import StoryWriter
from dateline.discovery.models import SearchDocument
from dateline.discovery.search import get_search_backend
from dateline.discovery.search.text import body_text
from dateline.news.models import ArticleAuthor, ArticlePage, AuthorPage, SectionPage, TopicPage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

ARTICLES = 300


def seed(articles=ARTICLES, **options):
    output = io.StringIO()
    seed_archive(articles, stdout=output, **options)
    return output.getvalue()


def tree_problems():
    return [problem for problem in Page.find_problems() if problem]


def test_an_empty_site_gets_a_newsroom_and_a_sound_tree():
    output = seed(seed=3)
    assert f"Added {ARTICLES} articles" in output
    assert ArticlePage.objects.published().count() == ARTICLES
    assert SectionPage.objects.count() > 1
    assert AuthorPage.objects.exists() and TopicPage.objects.exists()
    assert tree_problems() == []


def test_the_sites_own_sections_authors_and_topics_are_reused(newsroom):
    seed()
    assert SectionPage.objects.count() == 2
    assert AuthorPage.objects.get() == newsroom.author
    assert TopicPage.objects.get() == newsroom.topic
    in_sections = ArticlePage.objects.child_of(newsroom.section).count()
    assert in_sections + ArticlePage.objects.child_of(newsroom.other_section).count() == ARTICLES
    assert ArticleAuthor.objects.filter(author=newsroom.author).count() == ARTICLES
    assert ArticlePage.objects.with_topic(newsroom.topic).exists()
    assert tree_problems() == []


def test_a_second_run_adds_after_the_first_in_many_batches(newsroom):
    seed(articles=120, batch=50)
    seed(articles=80, batch=50, seed=2)
    articles = ArticlePage.objects.all()
    assert articles.count() == 200
    assert len({(article.path[:-Page.steplen], article.slug) for article in articles}) == 200
    assert tree_problems() == []


def test_stories_span_years_with_the_newest_just_published(newsroom):
    seed()
    newest = ArticlePage.objects.newest_first().first().published_at
    oldest = ArticlePage.objects.newest_first().last().published_at
    assert timezone.now() - datetime.timedelta(hours=1) < newest <= timezone.now()
    assert oldest < timezone.now() - datetime.timedelta(days=4 * 365)


def test_every_story_has_a_byline_a_body_and_a_search_document(newsroom):
    seed()
    assert not ArticlePage.objects.filter(article_authors__isnull=True).exists()
    article = ArticlePage.objects.order_by("?").first()
    words = len(body_text(article).split())
    assert 250 <= words <= 550
    assert SearchDocument.objects.count() == ARTICLES
    assert SearchDocument.objects.get(article=article).body_text == body_text(article)


def test_seeded_stories_render_and_are_found(client, newsroom):
    seed()
    article = ArticlePage.objects.newest_first().first()
    assert client.get(article.url).status_code == 200
    assert client.get(article.get_parent().url).status_code == 200
    query = " ".join(article.title.split()[:2])
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    found = [hit.article_id for hit in get_search_backend().search(query)[0:100]]
    assert article.pk in found


def test_the_same_seed_writes_the_same_stories(newsroom):
    moment = timezone.now()
    room = prepare_newsroom()
    first, second = (
        [story.title for story in StoryWriter(room, seed=9, now=moment).stories(20)]
        for _ in range(2)
    )
    assert first == second


def test_an_unmigrated_database_is_refused(monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan",
                        lambda self, targets, clean_start=False: [("news", False)])
    with pytest.raises(SeedingRefused, match="dateline migrate"):
        seed()
    assert not ArticlePage.objects.exists()


def filed_the_ordinary_way(newsroom):
    story = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author], live=False)
    story.save_revision().publish()
    return story


def test_a_newsroom_database_is_refused(newsroom):
    filed_the_ordinary_way(newsroom)
    with pytest.raises(SeedingRefused, match="1 articles filed the ordinary way.*--force"):
        seed()
    assert ArticlePage.objects.count() == 1


def test_the_command_line_refuses_a_newsroom_database_and_names_force(newsroom, capsys):
    filed_the_ordinary_way(newsroom)
    with pytest.raises(SystemExit, match="pass --force"):
        main(["--articles", "10"])
    assert ArticlePage.objects.count() == 1


def test_force_seeds_beside_real_articles(newsroom):
    filed_the_ordinary_way(newsroom)
    seed(articles=20, force=True)
    assert ArticlePage.objects.count() == 21


def test_an_archive_seeded_before_is_seeded_again_without_force(newsroom):
    seed(articles=20)
    seed(articles=20, seed=2)
    assert ArticlePage.objects.count() == 40
