"""Hostile markup in what the importers read (WordPress exports, feeds, article pages, BSD
calendar files) leaves nothing a browser runs on the pages and feeds they fill."""

import re
from io import StringIO
from xml.sax.saxutils import escape

import pytest

from django.core.management import CommandError, call_command

from dateline.almanac.models import AlmanacEntry
from dateline.news.models import ArticlePage, SectionPage, TopicPage
from tests.security.hostile_markup import batches, hostile_inputs
from tests.security.markup_audit import Audit

# XML 1.0 cannot carry these at all: an export holding one is refused whole by its parser.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
INPUTS = hostile_inputs()
XML_INPUTS = list(dict.fromkeys(NOT_IN_XML.sub("", text) for text in INPUTS))
ITEM_BATCH = 600
PAGE_BATCH = 200

pytestmark = pytest.mark.slow


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def as_html(batch):
    return "".join(f"<p>{text}</p>" for text in batch)


def wxr(batches_):
    items = "".join(f"""<item><title>{escape(batch[0])}</title>
      <link>https://old.gazette.example/{number}/</link>
      <dc:creator>reporter</dc:creator>
      <content:encoded>{cdata(as_html(batch))}</content:encoded>
      <excerpt:encoded>{cdata(as_html(batch[:20]))}</excerpt:encoded>
      <wp:post_id>{number + 1}</wp:post_id><wp:post_date>2024-03-05 09:30:00</wp:post_date>
      <wp:post_date_gmt>2024-03-05 09:30:00</wp:post_date_gmt>
      <wp:post_name>hostile-import-{number}</wp:post_name><wp:status>publish</wp:status>
      <wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order>
      <wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
      <wp:is_sticky>0</wp:is_sticky>
      <category domain="category" nicename="hostile">{cdata("Hostile")}</category>
      <category domain="post_tag" nicename="hostile-tag">{cdata("Hostile tag")}</category>
    </item>""" for number, batch in enumerate(batches_))
    described = cdata(as_html(batches_[0][:40]) + "".join(
        escape(text) for text in batches_[0][:40]))
    namespace = "https://wordpress.org/export/1.2/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{namespace}excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{namespace}"><channel>
  <title>Hostile Gazette</title><link>https://old.gazette.example/</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.gazette.example/</wp:base_site_url>
  <wp:base_blog_url>https://old.gazette.example/</wp:base_blog_url>
  <wp:author><wp:author_login>reporter</wp:author_login>
    <wp:author_display_name>{cdata(batches_[0][0])}</wp:author_display_name></wp:author>
  <wp:category><wp:category_nicename>hostile</wp:category_nicename>
    <wp:category_parent></wp:category_parent><wp:cat_name>{cdata("Hostile")}</wp:cat_name>
    <wp:category_description>{described}</wp:category_description></wp:category>
  <wp:tag><wp:tag_slug>hostile-tag</wp:tag_slug><wp:tag_name>{cdata("Hostile tag")}</wp:tag_name>
    <wp:tag_description>{described}</wp:tag_description></wp:tag>
  {items}
</channel></rss>"""


def rss(batches_):
    items = "".join(f"""<item><title>{escape(batch[0])}</title>
      <link>https://wire.example/{number}</link><guid>https://wire.example/{number}</guid>
      <pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
      <description>{escape(as_html(batch[:20]))}</description>
      <content:encoded>{cdata(as_html(batch))}</content:encoded></item>"""
                    for number, batch in enumerate(batches_))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Hostile wire</title><link>https://wire.example/</link><description>x</description>
{items}</channel></rss>"""


def prose(batch):
    """Inputs among sentences: an extractor keeps only what reads as an article's text."""
    return "".join(f"<p>The ferry to the island now sails twice a day from the new pier, "
                   f"the harbour master said. {text} Crossings take forty minutes.</p>"
                   for text in batch)


def article_page(batch):
    return f"""<!doctype html><html><head><title>{batch[0]}</title>
<meta property="og:title" content="Hostile page"></head><body><article>
<h1>Hostile page</h1><p class="byline">By Rana Reporter</p>{prose(batch)}
</article></body></html>"""


def calendar(inputs):
    """One entry a line, all on 2 January; tabs and line breaks would end the entry early."""
    return "".join("01/02\t{}, 1990\n".format(re.sub(r"[\t\r\n\f\v]", " ", text))
                   for text in inputs)


def run(command, *args):
    call_command(command, *args, stdout=StringIO(), stderr=StringIO())


def test_hostile_imports_leave_nothing_live_on_public_pages(
        newsroom, client, settings, tmp_path, report_figure):
    settings.FEED_FULL_TEXT = True
    audit = Audit(client)
    item_batches = batches(XML_INPUTS, ITEM_BATCH)

    (tmp_path / "export.xml").write_text(wxr(item_batches), encoding="utf-8")
    run("import_wordpress", str(tmp_path / "export.xml"))
    (tmp_path / "feed.xml").write_text(rss(item_batches), encoding="utf-8")
    run("import_feed", str(tmp_path / "feed.xml"), "--section", newsroom.section.slug,
        "--publish")
    page_inputs = [text for text in INPUTS if "\x00" not in text]
    refused_pages = []
    for number, batch in enumerate(batches(page_inputs, PAGE_BATCH)):
        page_file = tmp_path / f"page-{number}.html"
        page_file.write_text(article_page(batch), encoding="utf-8")
        stories_before = ArticlePage.objects.count()
        try:
            run("import_page", str(page_file), "--section", newsroom.section.slug)
        except CommandError as error:
            # Markup that swallows the page (<plaintext>, a frameset…) leaves no article text
            # to find: the page is refused with the reason, and nothing is stored.
            assert "No article text" in str(error)
            assert ArticlePage.objects.count() == stories_before
            refused_pages.append(batch)
    assert len(refused_pages) < len(page_inputs) / PAGE_BATCH / 2
    # A null byte marks a binary file, not a page: refused whole, with the reason.
    binary = tmp_path / "binary.html"
    binary.write_text(article_page([text for text in INPUTS if "\x00" in text]))
    with pytest.raises(CommandError, match="not an HTML page"):
        run("import_page", str(binary), "--section", newsroom.section.slug)
    (tmp_path / "calendar.history").write_text(calendar(INPUTS), encoding="utf-8")
    run("import_almanac", str(tmp_path / "calendar.history"))
    AlmanacEntry.objects.update(approved=True)

    stories = ArticlePage.objects.all()
    assert stories.count() >= 2 * len(item_batches) + len(page_inputs) // PAGE_BATCH / 2
    for story in stories:
        if not story.live:
            # An imported article page waits for review as a draft: an editor publishes it.
            story.save_revision().publish()
        audit.page(story.url)
    hostile_section = SectionPage.objects.get(slug="hostile")
    for url in (newsroom.home.url, newsroom.section.url, hostile_section.url,
                TopicPage.objects.get(slug="hostile-tag").url,
                newsroom.on_this_day.url + "1/2/", "/search/?q=alert"):
        audit.page(url)
    for feed in ("rss", "atom"):
        audit.feed(f"/feeds/{feed}/")
        audit.feed(f"/feeds/{feed}/{newsroom.section.slug}/")
    assert AlmanacEntry.objects.count() > 0

    report_figure("markup: import paths", "WordPress (title, body, excerpt, category and tag "
                  "descriptions, author name), RSS (title, description, content), article "
                  "page (null bytes: refused as binary), BSD calendar")
    report_figure("markup: import inputs", f"{len(INPUTS):,} ({len(XML_INPUTS):,} that XML "
                  "can carry) through each import path; article pages refused for want of "
                  f"text: {len(refused_pages)}, holding {sum(map(len, refused_pages))} inputs")
    report_figure("markup: import pages parsed", audit.pages)
    report_figure("markup: import live scripts/handlers/js-URLs", len(audit.findings))
    assert not audit.findings, audit.findings[:10]
