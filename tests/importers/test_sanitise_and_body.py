import pytest

from dateline.importers.body import html_to_blocks
from dateline.importers.sanitise import clean_html, plain_text

HOSTILE = [
    '<p onclick="alert(1)">Hi</p>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<script>alert(1)</script><p>text</p>",
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(javascript:alert(1))">s</p>',
    "<!-- <script>alert(1)</script> -->",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_scripts_handlers_and_javascript_urls_are_removed(html):
    cleaned = clean_html(html).lower()
    for marker in ("<script", "onclick", "onerror", "onload", "javascript:", "<iframe",
                   "style=", "data:text"):
        assert marker not in cleaned


@pytest.mark.parametrize("html", [*HOSTILE, '<p><b>Bold</b> <a href="https://a.example/">a</a></p>'])
def test_cleaning_twice_changes_nothing(html):
    once = clean_html(html)
    assert clean_html(once) == once


def test_plain_text_unescapes_entities_and_drops_tags():
    assert plain_text("<b>Tom &amp; Jerry</b> &#8220;quoted&#8221;") == "Tom & Jerry “quoted”"


def test_html_becomes_paragraph_subhead_quote_and_embed_blocks():
    blocks = html_to_blocks(
        "<p>First <b>paragraph</b>.</p><h2>A subhead</h2>"
        "<blockquote><p>Quoted words.</p></blockquote>"
        "<p>https://www.youtube.com/watch?v=abc</p>"
        "loose text<ul><li>one</li></ul>"
    )
    assert [block["type"] for block in blocks] == [
        "paragraph", "subhead", "quote", "embed", "paragraph", "paragraph"
    ]
    assert blocks[1]["value"] == "A subhead"
    assert blocks[2]["value"]["text"] == "Quoted words."
    assert blocks[3]["value"]["url"] == "https://www.youtube.com/watch?v=abc"
    assert blocks[4]["value"] == "<p>loose text</p>"


def test_images_become_image_blocks_when_the_caller_supplies_them():
    class Image:
        pk = 7

    blocks = html_to_blocks(
        '<figure><img src="/a.jpg" alt="A bridge"><figcaption>The bridge</figcaption></figure>'
        '<p><img src="/missing.jpg"></p>',
        resolve_image=lambda src, alt: Image() if src == "/a.jpg" else None,
    )
    assert blocks == [{"type": "image", "value": {"image": 7, "alt_text": "A bridge",
                                                  "caption": "The bridge", "credit": ""}}]


# The block editor's gallery as it saves it (exports/block-editor.xml, "Gallery block").
BLOCK_EDITOR_GALLERY = (
    '<figure class="wp-block-gallery has-nested-images columns-default is-cropped">'
    '<figure class="wp-block-image size-large"><img src="/one.jpg" alt="Boat at the quay">'
    '<figcaption class="wp-element-caption">First boat home</figcaption></figure>'
    '<figure class="wp-block-image size-large"><img src="/two.jpg" alt="">'
    '<figcaption class="wp-element-caption">Last boat home</figcaption></figure>'
    '<figcaption class="blocks-gallery-caption wp-element-caption">The fleet returns'
    '</figcaption></figure>'
)


def numbered_pictures(src, alt):
    class Image:
        pk = int(src.strip("/abcdefghijklmnopqrstuvwxyz.") or 0) or len(src)
    return Image()


def test_a_block_editor_gallery_becomes_one_gallery_with_each_pictures_caption():
    blocks = html_to_blocks(BLOCK_EDITOR_GALLERY, resolve_image=numbered_pictures)
    assert [block["type"] for block in blocks] == ["gallery"]
    gallery = blocks[0]["value"]
    assert gallery["caption"] == "The fleet returns"
    assert [(picture["alt_text"], picture["caption"]) for picture in gallery["images"]] == [
        ("Boat at the quay", "First boat home"), ("", "Last boat home")]


def test_a_gallery_whose_pictures_cannot_be_had_keeps_every_caption_as_text():
    blocks = html_to_blocks(BLOCK_EDITOR_GALLERY, resolve_image=lambda src, alt: None)
    assert [block["type"] for block in blocks] == ["paragraph"] * 3
    assert [block["value"] for block in blocks] == [
        "<p>First boat home</p>", "<p>Last boat home</p>", "<p>The fleet returns</p>"]


def test_a_gallery_of_one_picture_is_an_image_under_the_gallerys_caption():
    one = BLOCK_EDITOR_GALLERY.replace('<img src="/two.jpg" alt="">', "")
    blocks = html_to_blocks(one, resolve_image=numbered_pictures)
    assert [block["type"] for block in blocks] == ["image", "paragraph", "paragraph"]
    assert blocks[0]["value"]["caption"] == "First boat home"
