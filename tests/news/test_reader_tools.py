"""What a reader gets around a story: share and copy-link, a print-only address, the theme
button, section leads, today's times in listings and picture galleries."""

import datetime
import re
from urllib.parse import quote

import pytest

from django.utils import timezone

from wagtail.images.tests.utils import get_test_image_file

from dateline.news.models import NewsImage
from dateline.news.sharing import share_links
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_a_story_offers_share_links_to_the_networks_own_pages_and_no_outside_script(client,
                                                                                   newsroom):
    article = ArticlePageFactory(parent=newsroom.section, title="Ferry & rail: new timetable")
    html = client.get(article.url).content.decode()
    share = html.split('<div class="share"')[1].split("</div>")[0]
    address = article.full_url
    assert f'data-url="{address}"' in share
    quoted = quote(address, safe="")
    assert f'href="https://wa.me/?text=Ferry%20%26%20rail%3A%20new%20timetable%20{quoted}"' in share
    assert f"https://t.me/share/url?url={quote(address, safe='')}" in share
    assert f"https://www.facebook.com/sharer/sharer.php?u={quote(address, safe='')}" in share
    assert "mailto:?subject=Ferry%20%26%20rail" in share
    # The buttons that need the browser's share sheet or clipboard wait for the script.
    assert re.search(r'<button type="button" class="share__copy"[^>]* hidden>', share)
    assert re.search(r'<button type="button" class="share__native" hidden>', share)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_share_links_carry_the_address_and_headline_quoted():
    links = dict(share_links("https://news.example/world/a b/?x=1", "Tea & salt"))
    assert links["X"] == ("https://x.com/intent/post?url=https%3A%2F%2Fnews.example%2Fworld"
                          "%2Fa%20b%2F%3Fx%3D1&text=Tea%20%26%20salt")
    assert links["Bluesky"] == ("https://bsky.app/intent/compose?text=Tea%20%26%20salt%20"
                                "https%3A%2F%2Fnews.example%2Fworld%2Fa%20b%2F%3Fx%3D1")


def test_a_printed_story_ends_with_its_address(client, newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    html = client.get(article.url).content.decode()
    assert f'<p class="print-only print-address">This story: {article.full_url}</p>' in html


def test_every_page_is_the_same_for_every_theme_and_loads_the_theme_before_paint(client,
                                                                               newsroom):
    html = client.get(newsroom.home.url).content.decode()
    head = html.split("</head>")[0]
    # A script file (the policy refuses inline code) in <head>, neither deferred nor async,
    # so the stored theme is on <html> before the first paint.
    assert re.search(r'<script src="/static/dateline/js/reader\.js"></script>', head)
    assert '<meta name="color-scheme" content="light dark">' in head
    assert 'class="theme-toggle" aria-pressed="false" hidden' in html
    assert client.get(newsroom.home.url, HTTP_COOKIE="theme=dark").content.decode() == html


def test_a_sections_first_page_leads_with_its_newest_story(client, newsroom):
    now = timezone.now()
    stories = [ArticlePageFactory(parent=newsroom.section, title=f"Story number {n}",
                                  published_at=now - datetime.timedelta(hours=n))
               for n in range(1, 17)]  # fifteen to a page
    first = client.get(newsroom.section.url).content.decode()
    lead = first.split('<section class="section-lead"')[1].split("</section>")[0]
    assert "story--lead" in lead and stories[0].title in lead
    assert first.count(f">{stories[0].title}</a>") == 1  # led, not listed again
    later = client.get(newsroom.section.url + "?page=2").content.decode()
    assert "section-lead" not in later


def test_listing_times_leave_the_date_and_hand_the_script_the_time_of_day(client, newsroom):
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.zone_label = "place"
    newsroom.settings.save()
    published = datetime.datetime(2026, 3, 5, 6, 53, tzinfo=datetime.UTC)
    ArticlePageFactory(parent=newsroom.section, published_at=published)
    html = client.get(newsroom.section.url).content.decode()
    assert ('<time datetime="2026-03-05T10:23:00+03:30" data-relative '
            'data-time="10:23 Tehran time">5 March 2026</time>') in html


def test_the_site_setting_names_the_zone_on_story_pages(client, newsroom):
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    article = ArticlePageFactory(parent=newsroom.section, published_at=datetime.datetime(
        2026, 3, 5, 6, 53, tzinfo=datetime.UTC))
    assert "5 March 2026, 10:23 IRST</time>" in client.get(article.url).content.decode()
    newsroom.settings.zone_label = "place"
    newsroom.settings.save()
    assert "5 March 2026, 10:23 Tehran time</time>" in client.get(article.url).content.decode()


@pytest.fixture
def pictures(db):
    return [NewsImage.objects.create(title=f"Harbour {n}", file=get_test_image_file(),
                                     description=f"Boats in the harbour, view {n}",
                                     credit="Photo: Ani Hakobyan")
            for n in (1, 2, 3)]


def gallery(pictures, caption="The harbour at dawn"):
    return ("gallery", {"caption": caption, "images": [
        {"image": picture, "alt_text": "", "caption": f"Boat {n} comes in", "credit": ""}
        for n, picture in enumerate(pictures, start=1)]})


def test_a_gallery_shows_each_picture_with_its_caption_credit_and_reserved_size(client,
                                                                               newsroom,
                                                                               pictures):
    article = ArticlePageFactory(parent=newsroom.section, body=[gallery(pictures)])
    html = client.get(article.url).content.decode()
    block = html.split('<section class="gallery"')[1].split("</section>")[0]
    assert block.count('<li class="gallery__slide">') == 3
    assert 'tabindex="0"' in block  # the track scrolls by arrow keys once focused
    for n in (1, 2, 3):
        assert f"{n} of 3" in block and f"Boat {n} comes in" in block
        assert f'alt="Boats in the harbour, view {n}"' in block
    assert block.count("Photo: Ani Hakobyan") == 3
    # Width and height on every picture: the browser reserves the space before it loads.
    images = re.findall(r"<img [^>]*>", block)
    assert len(images) == 3
    assert all(re.search(r' width="\d+"', tag) and re.search(r' height="\d+"', tag)
               for tag in images)
    assert '<div class="gallery__controls" hidden>' in block
    assert '<p class="gallery__caption">The harbour at dawn</p>' in block


def test_a_gallery_needs_two_pictures(newsroom, pictures):
    from wagtail.blocks import StreamBlockValidationError  # noqa: PLC0415

    from dateline.news.blocks import ArticleBodyBlock  # noqa: PLC0415

    body = ArticleBodyBlock()
    value = body.to_python([{"type": "gallery", "value": {
        "caption": "", "images": [{"image": pictures[0].pk, "alt_text": "", "caption": "",
                                   "credit": ""}]}}])
    with pytest.raises(StreamBlockValidationError):
        body.clean(value)
