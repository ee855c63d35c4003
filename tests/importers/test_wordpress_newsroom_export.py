"""An export written for the test (shortcodes, attachments, pending, future and sticky posts,
an undeclared author), imported once for this module's tests (``module_database``)."""

import datetime

import pytest

from wagtail.models import WorkflowState

from tests.importers.test_wordpress_import import (
    article,
    everything_written,
    import_wordpress,
    newsroom_export,
    source_items,
    write,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def newsroom_import(module_database, module_newsroom, tmp_path_factory, uploads):
    """Imported once for the module's tests; each test's changes are rolled back after it."""
    path = write(tmp_path_factory.mktemp("export"), newsroom_export())
    with module_database.unblock():
        output = import_wordpress(path, "--media-dir", str(uploads))
    return path, output



def test_shortcodes_become_image_and_embed_blocks(newsroom_import):
    story = article("Bridge repairs approved")
    blocks = [(block.block_type, block.value) for block in story.body]
    kinds = [kind for kind, _value in blocks]
    assert kinds[:2] == ["paragraph", "paragraph"]
    assert kinds.count("image") == 1
    caption = next(value for kind, value in blocks if kind == "image")
    assert caption["caption"] == "The bridge before the repairs"
    assert caption["image"].title == "bridge"
    # [gallery ids="10,11"]: one gallery block, each picture with its own caption.
    gallery = next(value for kind, value in blocks if kind == "gallery")
    assert [(picture["image"].title, picture["caption"]) for picture in gallery["images"]] == [
        ("bridge", "The bridge at dawn"), ("river", "The river at dawn")]
    embeds = [value["url"] for kind, value in blocks if kind == "embed"]
    assert embeds == ["https://www.youtube.com/watch?v=bridge", "https://vimeo.com/12345"]
    text = " ".join(str(value) for kind, value in blocks if kind == "paragraph")
    assert "Block editor text" in text
    assert "wp:paragraph" not in text


def test_an_unknown_shortcode_stays_visible_and_is_reported(newsroom_import):
    _path, output = newsroom_import
    text = " ".join(str(block.value) for block in article("Bridge repairs approved").body)
    assert "[pullquote]We will build it.[/pullquote]" in text
    assert "[pullquote] in 1 item(s): Bridge repairs approved" in output


def test_the_featured_image_becomes_the_lead_image(newsroom_import):
    assert article("Bridge repairs approved").lead_image.title == "river"


def test_corrupt_and_non_image_files_are_skipped_with_a_reason(newsroom_import):
    _path, output = newsroom_import
    assert source_items("attachment").count() == 2
    assert "attachment: 2 imported, 0 updated, 0 unchanged, 2 skipped" in output
    assert "corrupt image" in output
    assert "not an image" in output

def test_a_post_by_an_undeclared_author_gets_an_author(newsroom_import):
    assert [author.title for author in article("Stringer files from the valley").authors()] == [
        "stringer"
    ]
    assert "named by a post but not declared in the file" in newsroom_import[1]


def test_a_pending_post_is_submitted_to_the_workflow(newsroom_import):
    pending = article("Budget under review")
    assert not pending.live
    assert WorkflowState.objects.filter(
        object_id=str(pending.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()


def test_a_future_post_is_scheduled_for_its_date(newsroom_import):
    scheduled = article("Election night")
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at == datetime.datetime(
        2099, 5, 1, 18, 0, tzinfo=datetime.UTC)


def test_a_sticky_post_joins_the_top_stories(newsroom_import, module_newsroom):
    module_newsroom.home.refresh_from_db()
    featured = list(module_newsroom.home.top_stories.values_list("article_id", flat=True))
    assert featured == [article("Flood warning").pk]


def test_the_permalink_redirects_to_the_new_article(newsroom_import, client):
    story = article("Bridge repairs approved")
    response = client.get("/2024/03/05/bridge-repairs-approved/")
    assert response.status_code == 301
    assert response["Location"] == story.url
    assert story.get_parent().slug == "city"


def test_an_attachment_page_redirects_to_its_post(newsroom_import, client):
    response = client.get("/?attachment_id=10")
    assert response.status_code == 301
    assert response["Location"] == article("Bridge repairs approved").url


def test_a_changed_post_gets_a_new_revision_and_nothing_is_duplicated(
        newsroom_import, tmp_path, uploads):
    story = article("Bridge repairs approved")
    revisions = story.revisions.count()
    before = everything_written()
    changed = write(tmp_path, newsroom_export(content="The council changed its mind."))
    output = import_wordpress(changed, "--media-dir", str(uploads))
    assert "post: 0 imported, 1 updated, 4 unchanged" in output
    assert everything_written() == before
    story = article("Bridge repairs approved")
    assert story.revisions.count() == revisions + 1
    assert [block.block_type for block in story.body] == ["paragraph"]
    assert "changed its mind" in str(story.body[0].value)


