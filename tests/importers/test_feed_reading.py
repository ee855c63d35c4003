import datetime

import pytest

from dateline.importers.feeds.reading import FeedError, parse_feed

UTC = datetime.UTC

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rss version="2.0"><channel><title>&b;</title>
<item><title>&b;</title><link>https://example.org/1</link></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&secret;</title><link>https://example.org/1</link></item></channel></rss>"""
BROKEN_WITH_ENTITY = b"""<?xml version="1.0"?><rss version="2.0"><channel><item>
<title>unclosed</item><!DOCTYPE x [<!ENTITY a "b">]></channel></rss>"""
JSON_FEED = b"""{
  "version": "https://jsonfeed.org/version/1.1", "title": "The Valley Wire",
  "items": [
    {"id": "wire-1", "url": "https://wire.example.org/1", "title": "Dam opens",
     "content_html": "<p>The dam <b>opened</b>.</p>", "summary": "It opened.",
     "date_published": "2024-05-06T07:08:09+02:00", "authors": [{"name": "Ana Reyes"}]},
    {"id": "wire-2", "content_text": "A story told in text only.\\n\\nSecond paragraph.",
     "date_published": "2024-05-07T10:00:00"}
  ]
}"""
RSS_WITH_AUTHORS = b"""<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
<item><title>Bridge &amp; road</title><link>https://example.org/bridge</link>
<dc:creator>Nino Kapanadze</dc:creator><description>Short summary.</description>
<content:encoded><![CDATA[<p>Full text.</p><script>alert(1)</script>]]></content:encoded>
<pubDate>not a date at all</pubDate></item></channel></rss>"""


@pytest.mark.parametrize("data", [ENTITY_BOMB, EXTERNAL_ENTITY, BROKEN_WITH_ENTITY],
                         ids=["entity expansion", "external entity", "broken with entity"])
def test_feeds_declaring_entities_are_refused(data):
    with pytest.raises(FeedError, match="entities"):
        parse_feed(data)


@pytest.mark.parametrize("data", [b"this is not a feed", b"<html><body><p>hi</p></body></html",
                                  b"", b"{not json", b'{"items": []}'])
def test_what_is_not_a_feed_is_refused_with_the_remedy(data):
    with pytest.raises(FeedError, match="[Cc]heck"):
        parse_feed(data)


def test_json_feed_entries_keep_their_ids_dates_and_authors():
    title, entries = parse_feed(JSON_FEED)
    assert title == "The Valley Wire"
    dam, text_only = entries
    assert (dam.identity, dam.title, dam.authors) == ("wire-1", "Dam opens", ("Ana Reyes",))
    assert dam.published == datetime.datetime(2024, 5, 6, 5, 8, 9, tzinfo=UTC)
    assert dam.html == "<p>The dam <b>opened</b>.</p>"
    assert text_only.html == "<p>A story told in text only.</p><p>Second paragraph.</p>"
    assert text_only.title == "A story told in text only. Second paragraph."
    # A date without a time zone is kept without one: the import reads it in the
    # subscription's zone and leaves the story as a draft for an editor.
    assert text_only.published == datetime.datetime(2024, 5, 7, 10, 0)
    assert text_only.published.tzinfo is None


def test_rss_content_encoded_is_preferred_and_dc_creator_is_the_byline():
    _title, [entry] = parse_feed(RSS_WITH_AUTHORS)
    assert entry.title == "Bridge & road"
    assert entry.identity == "https://example.org/bridge"
    assert "Full text." in entry.html
    assert entry.summary == "Short summary."
    assert entry.authors == ("Nino Kapanadze",)
    assert entry.published is None
