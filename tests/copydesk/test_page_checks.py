"""The checks read articles, plain pages and site settings the way editors fill them in."""

import datetime

import pytest
from wagtail_factories import ImageFactory

from dateline.copydesk.reading import read_copy
from dateline.copydesk.registry import run_checks
from tests.factories import ArticlePageFactory, PlainPageFactory

pytestmark = pytest.mark.django_db


def found(obj, check, **kwargs):
    return [finding for finding in run_checks(obj, **kwargs) if finding.check == check]


def test_a_story_without_a_byline_gets_a_warning(newsroom):
    unsigned = ArticlePageFactory(parent=newsroom.section)
    signed = ArticlePageFactory(parent=newsroom.section, authors=[newsroom.author])
    [finding] = found(unsigned, "byline")
    assert not finding.blocks
    assert found(signed, "byline") == []


def test_an_image_without_alt_text_or_description_gets_a_warning(newsroom):
    bare = ImageFactory(title="Harbour", description="")
    described = ImageFactory(title="Dam", description="The dam's spillway in flood")
    article = ArticlePageFactory(parent=newsroom.section, lead_image=bare, body=[
        ("image", {"image": bare, "alt_text": "", "caption": "", "credit": ""}),
        ("image", {"image": bare, "alt_text": "Fishing boats at dawn", "caption": "",
                   "credit": ""}),
        ("image", {"image": described, "alt_text": "", "caption": "", "credit": ""}),
    ])
    findings = found(article, "image_alt")
    assert [finding.field for finding in findings] == ["Lead image", "Body, image 1"]
    assert not any(finding.blocks for finding in findings)


def test_a_headline_over_the_configured_length_gets_a_warning(newsroom, settings):
    settings.COPYDESK_HEADLINE_MAX_LENGTH = 30
    article = ArticlePageFactory(parent=newsroom.section,
                                 title="Ferry timetable changes for the coming winter season")
    [finding] = found(article, "headline_length")
    assert not finding.blocks
    assert finding.text == "the coming winter season"
    assert found(ArticlePageFactory(parent=newsroom.section, title="Ferries cut"),
                 "headline_length") == []


def test_an_empty_body_blocks_articles_and_plain_pages(newsroom):
    article = ArticlePageFactory(parent=newsroom.section, body=[("paragraph", "<p> </p>")])
    page = PlainPageFactory(parent=newsroom.home, slug="contact", body=[])
    assert found(article, "empty_body")[0].blocks
    assert found(page, "empty_body")[0].blocks
    assert found(newsroom.about, "empty_body") == []


def test_links_to_missing_pages_block_and_to_unpublished_pages_warn(newsroom):
    draft = ArticlePageFactory(parent=newsroom.section, draft=True)
    article = ArticlePageFactory(parent=newsroom.section, body=[
        ("paragraph", '<p>See <a linktype="page" id="987654">the lost story</a>.</p>'),
        ("paragraph", f'<p>See <a linktype="page" id="{draft.pk}">the coming story</a>.</p>'),
        ("paragraph", f'<p>See <a linktype="page" id="{newsroom.about.pk}">about us</a>.</p>'),
    ])
    missing, unpublished = found(article, "internal_links")
    assert (missing.blocks, missing.text, missing.field) == \
        (True, "the lost story", "Body, paragraph 1")
    assert (unpublished.blocks, unpublished.text) == (False, "the coming story")


def test_filler_in_the_site_settings_blocks(newsroom):
    newsroom.settings.about_blurb = "Lorem ipsum dolor sit amet, a newsroom."
    [finding] = found(newsroom.settings, "filler")
    assert finding.blocks
    assert finding.field == "About blurb"


def test_filler_on_a_plain_page_blocks(newsroom):
    page = PlainPageFactory(parent=newsroom.home, slug="team", body=[
        ("paragraph", "<p>Welcome to our website! We are a digital agency.</p>")])
    [finding] = found(page, "filler")
    assert finding.field == "Body, paragraph 1"


def test_the_publication_day_is_taken_in_the_site_time_zone(newsroom):
    # Friday 22:30 in London is already Saturday 01:00 in Tehran.
    article = ArticlePageFactory(
        parent=newsroom.section, authors=[newsroom.author],
        published_at=datetime.datetime(2023, 10, 13, 21, 30, tzinfo=datetime.UTC),
        body=[("paragraph", "<p>The minister said on Saturday that talks would resume.</p>")],
    )
    assert len(found(article, "weekday")) == 1
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    assert found(article, "weekday") == []


def test_a_draft_is_checked_as_if_published_at_the_given_time(newsroom):
    article = ArticlePageFactory(
        parent=newsroom.section, draft=True, published_at=None,
        body=[("paragraph", "<p>The minister said on Saturday that talks would resume.</p>")],
    )
    friday = datetime.datetime(2023, 10, 13, 12, tzinfo=datetime.UTC)
    assert len(found(article, "weekday", when=friday)) == 1
    assert found(article, "weekday", when=friday + datetime.timedelta(days=1)) == []


def test_table_cells_and_captions_are_read_and_a_preformatted_kind_is_not(newsroom):
    article = ArticlePageFactory(parent=newsroom.section, body=[
        ("table", {"data": [["Port", "Ships"], ["Anzali", "Lorem ipsum dolor sit amet"]],
                   "first_row_is_table_header": True, "first_col_is_header": False,
                   "table_caption": "Arrivals by port"}),
        ("preformatted", {"text": "first line\nsecond line", "style": "verse"}),
    ])
    [filler] = found(article, "filler")
    assert filler.field == "Body, table 1"
    passages = [passage.text for passage in read_copy(article).passages]
    assert "Arrivals by port" in passages
    assert "Port Ships\nAnzali Lorem ipsum dolor sit amet" in passages
    assert "verse" not in passages


def test_a_gallerys_captions_are_read_and_its_pictures_checked_for_alt_text(newsroom):
    bare = ImageFactory(title="Quay", description="")
    described = ImageFactory(title="Dam", description="The dam's spillway in flood")
    article = ArticlePageFactory(parent=newsroom.section, lead_image=described, body=[
        ("gallery", {"caption": "The harbour TK", "images": [
            {"image": described, "alt_text": "", "caption": "Boats come in", "credit": ""},
            {"image": bare, "alt_text": "", "caption": "Lorem ipsum dolor sit amet",
             "credit": "Photo: Ani Hakobyan"},
        ]}),
    ])
    passages = [passage.text for passage in read_copy(article).passages]
    assert {"The harbour TK", "Boats come in", "Lorem ipsum dolor sit amet",
            "Photo: Ani Hakobyan"} <= set(passages)
    assert {finding.field for finding in found(article, "filler")} == {"Body, gallery 1"}
    [missing_alt] = found(article, "image_alt")
    assert missing_alt.field == "Body, gallery 1"
