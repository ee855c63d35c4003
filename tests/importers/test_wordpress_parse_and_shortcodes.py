"""Reading WXR files and expanding WordPress shortcodes, before anything is written."""

from pathlib import Path

import pytest

from dateline.importers.wordpress.parse import WXRError, read_export
from dateline.importers.wordpress.shortcodes import Gallery, autop, expand

WXR_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "wxr"
needs_wxr = pytest.mark.skipif(
    not (WXR_DIR / "small-export.xml").exists(),
    reason=f"the WXR fixtures are not in {WXR_DIR} (see shared/data/wxr)",
)


def no_gallery(ids):
    return []


@needs_wxr
def test_small_export_is_read_as_wordpress_counts_it():
    export = read_export(WXR_DIR / "small-export.xml")
    assert export.version == "1.1"
    assert export.source == "http://localhost/"
    assert [author.login for author in export.authors] == ["admin", "editor", "author"]
    assert len(export.categories) == 30
    assert len(export.tags) == 3
    assert next(c for c in export.categories if c.slug == "foo-bar").parent == "bar"
    many = next(item for item in export.items if item.title == "Many Categories")
    assert len(many.categories) == 27


@needs_wxr
def test_an_https_namespace_is_found_as_well_as_http():
    export = read_export(WXR_DIR / "themeunittestdata.wordpress.xml")
    assert len(export.items) == 186
    assert len(export.of_type("post")) == 58
    assert {author.login for author in export.authors} == {"themedemos", "themereviewteam"}


@needs_wxr
def test_wxr_1_0_tags_and_categories_are_read():
    export = read_export(WXR_DIR / "valid-wxr-1.0.xml")
    assert export.base_site_url == "http://localhost/"
    assert export.categories[0].name == "alpha"
    assert export.categories[0].description == "The alpha category"
    assert export.tags[0].name == "chicken"


@needs_wxr
def test_backslashes_are_kept_as_written():
    export = read_export(WXR_DIR / "slashes.xml")
    assert export.categories[0].name == 'a \\"great\\" category'
    assert export.tags[0].name == "foo\\'bar"
    assert export.items[0].content == 'Slashes aren\\\'t \\"cool\\"'


@needs_wxr
def test_a_malformed_file_is_refused():
    with pytest.raises(WXRError, match="not well-formed"):
        read_export(WXR_DIR / "malformed.xml")


def test_blank_lines_become_paragraphs_and_single_newlines_breaks():
    assert autop("One\nline\n\nTwo") == "<p>One<br>\nline</p>\n<p>Two</p>"


def test_content_that_has_paragraphs_is_left_as_it_is():
    assert expand("<p>One</p>\n\n<p>Two</p>", gallery_images=no_gallery).html.strip() == (
        "<p>One</p>\n\n<p>Two</p>"
    )


def test_a_caption_shortcode_becomes_a_figure_with_its_caption():
    html = expand('[caption id="attachment_1"]<a href="/x"><img src="/a.jpg" alt="A"></a> '
                  "The bridge[/caption]", gallery_images=no_gallery).html
    assert '<figure><img src="/a.jpg" alt="A"><figcaption>The bridge</figcaption></figure>' in html


def test_an_old_style_caption_attribute_is_used_when_there_is_no_text():
    html = expand('[caption caption="At dawn"]<img src="/a.jpg">[/caption]',
                  gallery_images=no_gallery).html
    assert "<figcaption>At dawn</figcaption>" in html


def test_a_gallery_lists_the_images_it_names_or_else_the_posts_own():
    asked = []

    def gallery(ids):
        asked.append(ids)
        return [Gallery(url="/a.jpg", alt="A", caption="First")]

    html = expand('[gallery ids="1, 2"]\n\n[gallery columns="3"]', gallery_images=gallery).html
    assert asked == [["1", "2"], None]
    assert html.count("<figure>") == 2


def test_embeds_and_bare_urls_on_their_own_line_become_link_paragraphs():
    html = expand("Intro\n\n[embed]https://youtu.be/x[/embed]\nhttps://vimeo.com/1\n"
                  "See https://example.org/ inline.", gallery_images=no_gallery).html
    assert "<p>https://youtu.be/x</p>" in html
    assert "<p>https://vimeo.com/1</p>" in html
    assert "<p>See https://example.org/ inline.</p>" in html


def test_block_editor_comments_are_stripped_and_embeds_unwrapped():
    content = ('<!-- wp:paragraph --><p>Text</p><!-- /wp:paragraph -->'
               '<!-- wp:embed {"url":"https://youtu.be/x"} --><figure class="wp-block-embed">'
               '<div class="wp-block-embed__wrapper">\nhttps://youtu.be/x\n</div></figure>'
               "<!-- /wp:embed -->")
    html = expand(content, gallery_images=no_gallery).html
    assert "wp:" not in html
    assert "<p>https://youtu.be/x</p>" in html


def test_unknown_shortcodes_are_kept_and_named():
    expanded = expand('[video src="/v.mp4"]\n\n[[escaped]]', gallery_images=no_gallery)
    assert '[video src="/v.mp4"]' in expanded.html
    assert expanded.unknown_shortcodes == ["video"]
