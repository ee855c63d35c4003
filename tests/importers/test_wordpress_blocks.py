"""Every core block of WordPress's block editor arrives with its words, or the report says
which block did not (issue 18, class 1).

exports/block-editor.xml holds one post per core block, in the markup the block editor saves.
"""

import json
from pathlib import Path

import pytest

from dateline.importers.body import BodyReader
from dateline.importers.wordpress import fidelity
from dateline.importers.wordpress.parse import read_export
from dateline.news.models import ArticlePage
from tests.importers.conftest import import_once

EXPORT = Path(__file__).parent / "exports" / "block-editor.xml"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(module_database, module_newsroom):
    return import_once(module_database, EXPORT)


def posts():
    export = read_export(EXPORT)
    reusable = {item.post_id: item.content for item in export.of_type("wp_block")}
    return [(item, fidelity.published_html(item, reusable)) for item in export.of_type("post")]


def body_of(title):
    return ArticlePage.objects.get(title=title).body.raw_data


def blocks_of(title, kind):
    return [block["value"] for block in body_of(title) if block["type"] == kind]


def test_every_word_of_every_block_arrives_or_the_report_names_the_block(imported):
    kept_whole, named = [], []
    for item, source in posts():
        share = fidelity.coverage(fidelity.source_words(source),
                                  fidelity.body_words(body_of(item.title)))
        if share == 1.0:
            kept_whole.append(item.title)
        else:
            named.append(item.title)
    assert named == []
    assert len(kept_whole) == 28
    # The one block with no words of its own in the export: WordPress lists the latest
    # posts as it shows the page. The report names it.
    assert ("post 'Latest posts block': left out, as WordPress builds them from other "
            "content as it shows the page: core/latest-posts") in imported


def test_a_table_arrives_as_a_table_with_its_header_row_footer_and_caption(imported):
    [table] = blocks_of("Table block", "table")
    assert table["first_row_is_table_header"] is True
    assert table["data"][0] == ["Ward", "Turnout", "Winner"]
    assert table["data"][-1] == ["All wards", "55%", "Ortiz"]
    assert table["table_caption"] == "Results by ward, city election office"
    # The merged cell spans two columns rather than shifting the row.
    assert table["data"][3] == ["Postal votes counted separately", "", "Ortiz"]
    assert table["mergeCells"] == [{"row": 3, "col": 0, "rowspan": 1, "colspan": 2}]


def test_a_table_is_shown_with_scoped_headers_and_caption_in_a_scrolling_region(imported,
                                                                                client):
    page = ArticlePage.objects.get(title="Table block")
    html = client.get(page.url).content.decode()
    assert '<div class="table-block" role="region" tabindex="0" aria-label="Results by ward' \
        in html
    assert "<caption>Results by ward, city election office</caption>" in html
    assert html.count('<th scope="col"') == 3
    assert 'rowspan="1" colspan="2"' in html


def test_quotes_and_pull_quotes_keep_their_citation_apart_from_their_text(imported):
    [quote] = blocks_of("Quote block", "quote")
    assert quote == {"text": "We will not close a single library while I am mayor.\n\nNot one.",
                     "attribution": "Mayor Helen Ortiz, in 2019"}
    [pull] = blocks_of("Pullquote block", "quote")
    assert pull["attribution"] == "Dara Quinn, harbour master"
    assert pull["text"].startswith("The river has given this town everything")


def test_verse_preformatted_and_code_keep_their_line_breaks(imported):
    [verse] = blocks_of("Verse block", "preformatted")
    assert verse["style"] == "verse"
    assert verse["text"].splitlines() == [
        "The tide came in at seven,", "the boats lay on their sides;",
        "and no one on the quay", "could say where the water hides."]
    [table] = blocks_of("Preformatted block", "preformatted")
    assert table["text"].splitlines()[1] == "Ortiz        4,210"
    [code] = blocks_of("Code block", "preformatted")
    assert code["style"] == "code"
    assert code["text"].splitlines()[1] == "  | sort -t, -k2 -n"


def test_lists_keep_their_nesting_and_their_start(imported):
    [listing] = blocks_of("List block", "paragraph")
    assert listing.startswith('<ol start="3">')
    assert "<ul>\n<li>cars pay twice</li>" in listing


def test_boxes_are_read_in_order_each_text_apart(imported):
    columns = list(body_of("Columns block"))
    assert [block["type"] for block in columns] == ["paragraph", "subhead", "paragraph"]
    assert columns[1]["value"] == "Against"
    buttons = blocks_of("Buttons block", "paragraph")
    assert buttons == ['<p><a href="https://example.org/donate">Support local news</a></p>',
                       '<p><a href="https://example.org/newsletter">Get the newsletter</a></p>']
    details = body_of("Details block")
    assert (details[0]["type"], details[0]["value"]) == ("subhead", "How we counted the votes")


def test_embeds_keep_their_caption_and_an_iframe_becomes_an_embed_card(imported):
    [video] = blocks_of("Embed block", "embed")
    assert video["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert video["caption"] == "The mayor's speech, filmed by a reader"
    [scores] = blocks_of("Custom HTML block", "table")
    assert scores["data"][1] == ["Harbour FC", "3"]
    [card] = blocks_of("Custom HTML block", "embed")
    assert card["title"] == "Map of the ground"
    assert "tracking" not in json.dumps(list(body_of("Custom HTML block")))


def test_audio_and_video_become_links_to_their_file_and_the_report_says_so(imported):
    assert blocks_of("Audio block", "paragraph") == [
        '<p>Audio: <a href="https://old.gazette.example/wp-content/uploads/2024/03/'
        'council-meeting.mp3">Listen to the full council meeting</a></p>']
    assert "post 'Video block': video linked to its file at " in imported


def test_a_picture_that_is_not_there_leaves_its_caption_and_is_named(imported):
    assert blocks_of("Image block without its file", "paragraph") == [
        "<p>Sandbags went up along the quay overnight</p>"]
    assert ("post 'Image block without its file': 1 picture(s) left out, not in the image "
            "library (captions kept as text): https://old.gazette.example/wp-content/uploads/"
            "2024/03/missing.jpg") in imported


def test_footnotes_and_reusable_blocks_arrive_in_place(imported):
    notes = blocks_of("Footnotes block", "paragraph")
    assert notes[-1] == "<ol><li>The treasury later revised it to 3.8 per cent.</li></ol>"
    reused = blocks_of("Reusable block", "paragraph")
    assert reused[-1] == "<p>This reusable note explains how the Gazette covers elections.</p>"


def test_a_block_losing_words_is_named_with_how_many():
    html = ('<!-- wp:paragraph --><p>kept words</p><!-- /wp:paragraph -->'
            '<!-- wp:acme/slider --><div class="slider">three lost words</div>'
            '<!-- /wp:acme/slider -->')
    blocks = [{"type": "paragraph", "value": "<p>kept words</p>"}]
    assert fidelity.lost_blocks(html, blocks) == [("acme/slider", 3, 3)]


def test_a_form_is_left_out_but_the_choices_of_its_lists_arrive_as_text():
    reader = BodyReader()
    blocks = reader.read('<form><p>Pick one: <select name="s"><br /><optgroup label="G">'
                         '<option value="1">Harbour</option><option>Mill</option></optgroup>'
                         '</p><p></select><input type="text" /></p></form>')
    assert fidelity.body_words(blocks) == fidelity.html_words("Pick one: Harbour Mill")
    assert reader.notes == ["form fields left out (the choices of their lists kept as text)"]


def test_a_block_losing_words_deep_inside_others_is_named_by_its_path():
    html = ('<!-- wp:group --><div><!-- wp:paragraph --><p>kept words</p><!-- /wp:paragraph -->'
            '<!-- wp:column --><div><!-- wp:acme/chart --><svg><text>lost label</text></svg>'
            '<!-- /wp:acme/chart --></div><!-- /wp:column --></div><!-- /wp:group -->')
    blocks = [{"type": "paragraph", "value": "<p>kept words</p>"}]
    assert fidelity.lost_blocks(html, blocks) == [
        ("core/group > core/column > acme/chart", 2, 4)]
