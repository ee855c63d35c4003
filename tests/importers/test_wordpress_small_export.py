"""small-export.xml, the export WordPress's own importer tests use, imported once for this
module's tests (``module_database``): what WordPress's importer test expects of it."""

import datetime

import pytest

from wagtail.models import PageViewRestriction

from dateline.news.models import ArticlePage, AuthorPage, PlainPage, SectionPage, TopicPage
from tests.importers.test_wordpress_import import (
    WXR_DIR,
    article,
    everything_written,
    import_wordpress,
    imported,
    needs_wxr,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def small_export(module_database, module_newsroom):
    """Imported once for the module's tests; each test's changes are rolled back after it."""
    path = WXR_DIR / "small-export.xml"
    if not path.exists():
        pytest.skip(f"small-export.xml is not in {WXR_DIR}")
    with module_database.unblock():
        import_wordpress(path)
    return module_newsroom


@needs_wxr
def test_small_export_brings_its_three_authors(small_export):
    assert imported("author").count() == 3
    editor = AuthorPage.objects.get(slug="editor")
    assert editor.title == "FirstName LastName"
    assert editor.get_parent().specific == small_export.authors
    assert set(AuthorPage.objects.values_list("slug", flat=True)) >= {"admin", "editor", "author"}


@needs_wxr
def test_small_export_brings_thirty_categories_as_sections_keeping_the_hierarchy(small_export):
    assert imported("category").count() == 30
    foo = SectionPage.objects.get(slug="foo")
    foo_bar = SectionPage.objects.get(slug="foo-bar")
    assert foo.get_parent().specific == small_export.home
    assert foo_bar.get_parent().slug == "bar"
    assert SectionPage.objects.get(slug="eternity").title == "远征手记"


@needs_wxr
def test_small_export_brings_three_tags_as_topics(small_export):
    assert imported("tag").count() == 3
    assert set(TopicPage.objects.child_of(small_export.topics).values_list("slug", flat=True)) >= {
        "tag1", "tag2", "tag3"
    }


@needs_wxr
def test_small_export_brings_five_published_posts_and_one_private(small_export):
    posts = [item.page.specific for item in imported("post")]
    assert len(posts) == 6
    assert all(post.live for post in posts)
    private = article("Private Post")
    assert PageViewRestriction.objects.filter(
        page=private, restriction_type=PageViewRestriction.LOGIN
    ).exists()
    public = [post for post in posts if post.title != "Private Post"]
    assert not PageViewRestriction.objects.filter(page__in=public).exists()
    assert sorted(topic.slug for topic in private.topics.all()) == ["tag1", "tag2", "tag3"]


@needs_wxr
def test_small_export_brings_four_published_pages_and_one_draft(small_export):
    pages = [item.page.specific for item in imported("page")]
    assert len(pages) == 5
    assert all(isinstance(page, PlainPage) for page in pages)
    assert sorted(page.title for page in pages if page.live) == [
        "1-col page", "Child Page", "Parent Page", "Sample Page"
    ]
    draft = PlainPage.objects.get(title="Draft Page")
    assert not draft.live
    assert draft.slug == "draft-page"
    assert draft.get_latest_revision() is not None


@needs_wxr
def test_small_export_keeps_the_child_page_under_its_parent_page(small_export):
    child = PlainPage.objects.get(title="Child Page")
    assert child.get_parent().title == "Parent Page"


@needs_wxr
def test_small_export_keeps_authors_slugs_sections_and_dates(small_export):
    hello = article("Hello world!")
    assert [author.slug for author in hello.authors()] == ["author"]
    assert hello.slug == "hello-world"
    assert hello.get_parent().slug == "uncategorized"
    assert hello.published_at == datetime.datetime(2011, 1, 18, 7, 40, 14, tzinfo=datetime.UTC)
    assert article("Foo-child").get_parent().slug == "foo-bar"
    assert article("Many Categories").get_parent().slug == "alpha"


@needs_wxr
def test_small_export_old_addresses_answer_301_to_the_new_pages(small_export, client):
    hello = article("Hello world!")
    response = client.get("/?p=1")
    assert response.status_code == 301
    assert response["Location"] == hello.url
    parent = PlainPage.objects.get(title="Parent Page")
    response = client.get("/?page_id=6")
    assert response.status_code == 301
    assert response["Location"] == parent.url
    assert client.get("/").status_code == 200


@needs_wxr
def test_importing_small_export_twice_creates_no_duplicates(small_export):
    before = everything_written()
    output = import_wordpress(WXR_DIR / "small-export.xml")
    assert everything_written() == before
    assert "post: 0 imported, 0 updated, 6 unchanged" in output


@needs_wxr
def test_a_resumed_import_recreates_only_what_is_missing(small_export):
    item = imported("post").get(source_id="17")
    page = item.page
    item.delete()
    page.delete()
    before = everything_written()
    output = import_wordpress(WXR_DIR / "small-export.xml")
    assert ArticlePage.objects.filter(title="Top-level Foo").count() == 1
    assert article("Top-level Foo").slug == "top-level-foo"
    assert everything_written()["pages"] == before["pages"] + 1
    assert "post: 1 imported, 0 updated, 5 unchanged" in output


