"""`import_wordpress` writes a WordPress export into the newsroom, safely and only once."""

import datetime
import io
from pathlib import Path

import pytest
from PIL import Image

from django.core.management import CommandError, call_command

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published

from dateline.importers.models import ImportedItem
from dateline.news.models import (
    ArticlePage,
    AuthorPage,
    NewsImage,
)

WXR_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "wxr"
WXR_FILES = sorted(WXR_DIR.glob("*.xml")) if WXR_DIR.is_dir() else []
NEWSROOM_SITE = "https://old.gazette.example/"


def jpeg_bytes(colour="navy", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def item(post_id, title, *, post_type="post", status="publish", content="", slug=None,
         creator="reporter", categories=(), tags=(), sticky=False, parent=0, meta=None,
         attachment_url="", link=None, date="2024-03-05 09:30:00", excerpt="", password=""):
    slug = slug if slug is not None else title.lower().replace(" ", "-")
    terms = "".join(
        f'<category domain="category" nicename="{nicename}"><![CDATA[{nicename}]]></category>'
        for nicename in categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{nicename}"><![CDATA[{nicename}]]></category>'
        for nicename in tags
    )
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    )
    link = link or f"{NEWSROOM_SITE}2024/03/05/{slug}/"
    return f"""
    <item>
      <title>{title}</title>
      <link>{link}</link>
      <dc:creator><![CDATA[{creator}]]></dc:creator>
      <content:encoded><![CDATA[{content}]]></content:encoded>
      <excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
      <wp:post_id>{post_id}</wp:post_id>
      <wp:post_date>{date}</wp:post_date>
      <wp:post_date_gmt>{date}</wp:post_date_gmt>
      <wp:post_name>{slug}</wp:post_name>
      <wp:status>{status}</wp:status>
      <wp:post_parent>{parent}</wp:post_parent>
      <wp:menu_order>0</wp:menu_order>
      <wp:post_type>{post_type}</wp:post_type>
      <wp:post_password>{password}</wp:post_password>
      <wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>
      <wp:attachment_url>{attachment_url}</wp:attachment_url>
      {terms}{postmeta}
    </item>"""


def export(*items, scheme="https", version="1.2", preamble=""):
    namespace = f"{scheme}://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>{preamble}
<rss version="2.0" xmlns:excerpt="{namespace}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{namespace}">
<channel>
  <title>The Old Gazette</title>
  <link>{NEWSROOM_SITE}</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{NEWSROOM_SITE}</wp:base_site_url>
  <wp:base_blog_url>{NEWSROOM_SITE}</wp:base_blog_url>
  <wp:author><wp:author_login>reporter</wp:author_login>
    <wp:author_display_name><![CDATA[Rana Reporter]]></wp:author_display_name></wp:author>
  <wp:category><wp:category_nicename>city</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[City]]></wp:cat_name>
  </wp:category>
  <wp:tag><wp:tag_slug>water</wp:tag_slug><wp:tag_name><![CDATA[Water]]></wp:tag_name></wp:tag>
  {"".join(items)}
</channel>
</rss>
"""


def write(tmp_path, text, name="export.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_wordpress(path, *options):
    output = io.StringIO()
    call_command("import_wordpress", str(path), *options, stdout=output)
    return output.getvalue()


def everything_written():
    return {
        "pages": Page.objects.count(), "items": ImportedItem.objects.count(),
        "images": NewsImage.objects.count(), "redirects": Redirect.objects.count(),
    }


def imported(kind, source="http://localhost/"):
    return ImportedItem.objects.filter(source=source, kind=kind)


def article(title):
    return ArticlePage.objects.get(title=title)


needs_wxr = pytest.mark.skipif(
    not WXR_FILES, reason=f"the WXR fixtures are not in {WXR_DIR} (see shared/data/wxr)"
)


# Every real export ---------------------------------------------------------------------------

@needs_wxr
@pytest.mark.parametrize("path", WXR_FILES, ids=lambda path: path.name)
def test_every_fixture_imports_or_is_refused_with_nothing_written(newsroom, path):
    before = everything_written()
    if path.name == "malformed.xml":
        with pytest.raises(CommandError, match="not well-formed"):
            import_wordpress(path)
        assert everything_written() == before
        return
    first = import_wordpress(path)
    assert "Import finished." in first
    after_first = everything_written()
    assert after_first["pages"] > before["pages"]
    import_wordpress(path)
    assert everything_written() == after_first


@needs_wxr
def test_a_dry_run_writes_nothing(newsroom, tmp_path):
    before = everything_written()
    output = import_wordpress(WXR_DIR / "small-export.xml", "--dry-run")
    assert everything_written() == before
    assert "Dry run" in output
    assert "post: 6 imported" in output


@needs_wxr
def test_theme_unit_test_data_keeps_drafts_schedules_and_sticky_posts(newsroom):
    import_wordpress(WXR_DIR / "themeunittestdata.wordpress.xml")
    source = "https://wpthemetestdata.wordpress.com/"
    assert imported("post", source).count() == 58
    scheduled = article("Scheduled")
    assert not scheduled.live
    revision = scheduled.get_latest_revision()
    assert revision.approved_go_live_at == datetime.datetime(
        2030, 1, 1, 19, 0, 18, tzinfo=datetime.UTC)
    assert not article("Draft").live
    sticky = article("Template: Sticky")
    newsroom.home.refresh_from_db()
    assert sticky.pk in newsroom.home.top_stories.values_list("article_id", flat=True)
    protected = ArticlePage.objects.get(title__startswith="Template: Password Protected")
    assert PageViewRestriction.objects.get(page=protected).password == "enter"
    reviewer = AuthorPage.objects.get(slug="themereviewteam")
    # The name its bylines showed: the display name, not the first and last names.
    assert reviewer.title == "Theme Reviewer"


# Exports written for the test ----------------------------------------------------------------

def source_items(kind):
    return imported(kind, NEWSROOM_SITE)


def attachment(post_id, name, *, parent=0, alt=""):
    return item(post_id, name, post_type="attachment", status="inherit", parent=parent,
                attachment_url=f"{NEWSROOM_SITE}wp-content/uploads/2024/03/{name}.jpg",
                meta={"_wp_attachment_image_alt": alt}, excerpt=f"The {name} at dawn")


SHORTCODE_STORY = (
    'The council met on the bridge.\n\nIt voted to <b>repair</b> it.\n\n'
    '[caption id="attachment_10" width="300"]'
    f'<img src="{NEWSROOM_SITE}wp-content/uploads/2024/03/bridge-300x200.jpg" '
    'alt="The old bridge"> The bridge before the repairs[/caption]\n\n'
    '[gallery ids="10,11"]\n\n'
    '[embed]https://www.youtube.com/watch?v=bridge[/embed]\n\n'
    'https://vimeo.com/12345\n\n'
    '<!-- wp:paragraph -->Block editor text<!-- /wp:paragraph -->\n\n'
    '[pullquote]We will build it.[/pullquote]'
)


def newsroom_export(**changes):
    story = {"content": SHORTCODE_STORY, "categories": ["city"], "tags": ["water"],
             "meta": {"_thumbnail_id": "11"}}
    story.update(changes)
    return export(
        attachment(10, "bridge", parent=1, alt="The old bridge"),
        attachment(11, "river", parent=1),
        attachment(12, "broken"),
        attachment(13, "notes"),
        item(1, "Bridge repairs approved", **story),
        item(2, "Stringer files from the valley", creator="stringer"),
        item(3, "Budget under review", status="pending"),
        item(4, "Election night", status="future", date="2099-05-01 18:00:00"),
        item(5, "Flood warning", sticky=True),
    )



def test_without_a_media_folder_images_are_skipped_not_fetched(newsroom, tmp_path):
    images_before = NewsImage.objects.count()
    output = import_wordpress(write(tmp_path, newsroom_export()))
    assert NewsImage.objects.count() == images_before
    assert "no uploads folder given (--media-dir) and downloads are off" in output


def test_private_and_password_posts_are_restricted_before_they_are_published(
    newsroom, tmp_path
):
    restricted_when_published = {}

    def note_restriction(sender, instance, **kwargs):
        restricted_when_published[instance.title] = PageViewRestriction.objects.filter(
            page=instance).exists()

    page_published.connect(note_restriction, sender=ArticlePage)
    try:
        import_wordpress(write(tmp_path, export(
            item(1, "Staff memo", status="private", sticky=True),
            item(2, "Embargoed draft law", password="enter"))))
    finally:
        page_published.disconnect(note_restriction, sender=ArticlePage)
    assert restricted_when_published == {"Staff memo": True, "Embargoed draft law": True}
    assert list(ArticlePage.objects.readable()) == []


def test_a_dry_run_with_media_writes_no_files(newsroom, tmp_path, uploads, settings):
    def files():
        return sorted(str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())

    before, media_before = everything_written(), files()
    output = import_wordpress(write(tmp_path, newsroom_export()), "--media-dir", str(uploads),
                              "--dry-run")
    assert everything_written() == before
    assert files() == media_before
    assert "attachment: 2 imported" in output


# Hostile files ---------------------------------------------------------------------------------

BILLION_LAUGHS = """<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>"""
EXTERNAL_ENTITY = '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("preamble, title", [
    (BILLION_LAUGHS, "&lol4;"),
    (EXTERNAL_ENTITY, "&secret;"),
], ids=["billion-laughs", "external-entity"])
def test_a_hostile_file_is_refused_and_nothing_is_written(newsroom, tmp_path, preamble, title):
    path = write(tmp_path, export(item(1, title), preamble=preamble))
    before = everything_written()
    with pytest.raises(CommandError, match="DTD or entities"):
        import_wordpress(path)
    assert everything_written() == before


def test_a_file_that_is_not_a_wordpress_export_is_refused(newsroom, tmp_path):
    path = write(tmp_path, "<rss><channel><title>Just a feed</title></channel></rss>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        import_wordpress(path)
