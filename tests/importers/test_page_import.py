import io
from io import StringIO

import pytest
from PIL import Image

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import WorkflowState

from dateline.importers.fetching import Fetched
from dateline.importers.pages import importing
from dateline.news.models import ArticlePage, AuthorPage

pytestmark = pytest.mark.django_db

STORY = " ".join(["The council voted on Tuesday to rebuild the old stone bridge over the river,"
                  " which floods every spring and cuts the valley in two."] * 4)
PAGE = f"""<!DOCTYPE html><html><head><title>Bridge to be rebuilt | Valley Post</title>
<meta property="og:title" content="Bridge to be rebuilt">
<meta name="author" content="Ana Reyes">
<meta property="article:published_time" content="2024-05-06T07:08:09+00:00">
<meta property="og:description" content="The council approves the money at last.">
<meta property="og:image" content="https://valley.example.org/media/bridge.png">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge to be rebuilt</h1>
<p>{STORY}</p><h2>What happens next</h2><p>{STORY}</p>
<script>alert("not in the story")</script></article>
<footer>Copyright Valley Post. All rights reserved.</footer></body></html>"""


def import_page(source, *args):
    output = StringIO()
    call_command("import_page", str(source), "--section", "caucasus", *args, stdout=output)
    return output.getvalue()


@pytest.fixture
def saved_page(tmp_path):
    path = tmp_path / "bridge.html"
    path.write_text(PAGE)
    return path


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_article_page_becomes_a_draft_with_headline_byline_date_and_body(newsroom,
                                                                             saved_page):
    output = import_page(saved_page)
    article = ArticlePage.objects.child_of(newsroom.section).get()
    assert not article.live
    assert article.has_unpublished_changes
    draft = article.get_latest_revision_as_object()
    assert draft.title == "Bridge to be rebuilt"
    assert draft.published_at.date().isoformat() == "2024-05-06"
    assert [author.title for author in draft.authors()] == ["Ana Reyes"]
    assert not AuthorPage.objects.get(title="Ana Reyes").live
    kinds = [block.block_type for block in draft.body]
    assert "subhead" in kinds and kinds.count("paragraph") >= 2
    assert "alert" not in str(draft.body)
    assert "as a draft awaiting review" in output
    assert "Lead image not downloaded" in output


def test_the_draft_is_submitted_to_the_sections_workflow(newsroom, saved_page):
    import_page(saved_page)
    article = ArticlePage.objects.get()
    assert article.get_workflow() is not None
    assert WorkflowState.objects.filter(object_id=str(article.pk),
                                        status=WorkflowState.STATUS_IN_PROGRESS).exists()


def test_importing_the_same_page_again_revises_the_same_draft(newsroom, saved_page):
    import_page(saved_page)
    output = import_page(saved_page)
    assert ArticlePage.objects.count() == 1
    assert "Updated the draft of" in output


def test_the_lead_image_is_fetched_only_with_download_media(newsroom, saved_page, monkeypatch):
    fetched = []

    def fake_fetch(url, **kwargs):
        fetched.append(url)
        return Fetched(url, png_bytes(), "image/png")

    monkeypatch.setattr(importing, "fetch", fake_fetch)
    import_page(saved_page)
    assert fetched == []
    import_page(saved_page, "--download-media")
    assert fetched == ["https://valley.example.org/media/bridge.png"]
    image = ArticlePage.objects.get().get_latest_revision_as_object().lead_image
    assert (image.width, image.height) == (40, 30)


def test_a_lead_image_that_is_not_an_image_is_left_out(newsroom, saved_page, monkeypatch):
    monkeypatch.setattr(importing, "fetch",
                        lambda url, **kwargs: Fetched(url, b"<html>no</html>", "image/png"))
    output = import_page(saved_page, "--download-media")
    assert "Lead image left out" in output
    assert ArticlePage.objects.get().get_latest_revision_as_object().lead_image is None


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\0\0binary", b"just some words"])
def test_what_is_not_an_html_page_is_refused(newsroom, tmp_path, content):
    path = tmp_path / "not-a-page"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="not an HTML page"):
        import_page(path)
    assert not ArticlePage.objects.exists()


def test_a_page_without_article_text_is_refused(newsroom, tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Home</title></head><body><nav>Home</nav></body></html>")
    with pytest.raises(CommandError, match="No article text could be found"):
        import_page(path)
    assert not ArticlePage.objects.exists()


def test_private_addresses_are_never_fetched(newsroom):
    with pytest.raises(CommandError, match="non-public address"):
        import_page("http://169.254.169.254/latest/meta-data/")


SHORT_PAGE = """<!DOCTYPE html><html><head><title>Polls close</title>
<meta property="og:title" content="Polls close at eight">
<meta property="article:published_time" content="2024-05-06T20:00:00+00:00"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Polls close at eight</h1>
<p>Polls closed at eight. Counting starts at once in every ward.</p></article></body></html>"""

RESULTS_PAGE = f"""<!DOCTYPE html><html><head><title>Results</title>
<meta property="og:title" content="Election results by ward"></head>
<body><article><h1>Election results by ward</h1><p>{STORY}</p>
<table><caption>Votes by ward</caption>
<thead><tr><th>Ward</th><th>Ortiz</th><th>Mensah</th></tr></thead>
<tbody><tr><td>Riverside</td><td>4,210</td><td>3,977</td></tr>
<tr><td>Old Town</td><td>2,115</td><td>2,890</td></tr></tbody></table>
<p>{STORY}</p></article></body></html>"""


def test_a_short_article_is_kept_with_a_note_to_check_it(newsroom, tmp_path):
    path = tmp_path / "short.html"
    path.write_text(SHORT_PAGE)
    output = import_page(path)
    draft = ArticlePage.objects.get().get_latest_revision_as_object()
    assert draft.title == "Polls close at eight"
    assert "Counting starts at once in every ward." in str(draft.body[0].value)
    assert "The article is short (16 words): check on the page that nothing was left out." \
        in output


def test_a_results_table_arrives_as_a_table(newsroom, tmp_path):
    path = tmp_path / "results.html"
    path.write_text(RESULTS_PAGE)
    output = import_page(path)
    draft = ArticlePage.objects.get().get_latest_revision_as_object()
    [table] = [block.value for block in draft.body if block.block_type == "table"]
    assert table["data"] == [["Ward", "Ortiz", "Mensah"], ["Riverside", "4,210", "3,977"],
                             ["Old Town", "2,115", "2,890"]]
    assert table["first_row_is_table_header"] is True
    assert table["table_caption"] == "Votes by ward"
    assert "Kept 1 table(s) from the page" in output


def test_what_the_body_changes_on_the_way_in_is_named(newsroom, tmp_path):
    subhead = " ".join(["Subheading"] * 30)
    path = tmp_path / "long-subhead.html"
    path.write_text(f"""<!DOCTYPE html><html><head><title>Bridge</title>
<meta property="og:title" content="Bridge vote"></head><body><article><h1>Bridge vote</h1>
<p>{STORY}</p><h2>{subhead}</h2><p>{STORY}</p></article></body></html>""")
    output = import_page(path)
    assert ("Changed on the way in: heading too long for a subhead: kept whole as a bold "
            "paragraph.") in output
    body = ArticlePage.objects.get().get_latest_revision_as_object().body.raw_data
    assert ("paragraph", f"<p><strong>{subhead}</strong></p>") in [
        (block["type"], block["value"]) for block in body]


def test_the_pictures_in_the_articles_text_are_named_as_left_out(newsroom, tmp_path,
                                                                  saved_page):
    path = tmp_path / "pictures.html"
    path.write_text(PAGE.replace(
        "<h2>What happens next</h2>",
        '<figure><img src="/media/flood-2019.jpg" alt="The bridge under water">'
        "<figcaption>The 2019 flood.</figcaption></figure><h2>What happens next</h2>"
        '<p><img src="https://cdn.example.net/plan.png" alt="The plan"></p>'))
    output = import_page(path)
    note = next(line for line in output.splitlines() if line.startswith("Left out"))
    assert note.startswith("Left out 2 picture(s) in the article's text")
    assert "/media/flood-2019.jpg" in note and "https://cdn.example.net/plan.png" in note
    assert "bridge.png" not in note  # the lead image is the story's own, not left out
    assert "Left out" not in import_page(saved_page)
