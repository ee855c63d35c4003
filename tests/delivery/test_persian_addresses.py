"""A Persian headline's slug, folded to one spelling, works in every address: the story's page,
the purge after publishing, the section's feed, the year's sitemap and the redirect from a
changed slug, percent-encoded on the wire and in one form in the cache."""

import datetime
import urllib.parse

import pytest

from django.urls import reverse

from dateline.delivery.purge import page_store
from dateline.news.models import ArticlePage
from tests.admin_forms import PUBLISH, article_form, edit_url
from tests.delivery import recording
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db
# Typed on an Arabic keyboard (ي, ك), with a ZWNJ and Arabic-Indic digits.
HEADLINE = "كشتي\u200cهاي انزلي ٣ روز پس از طوفان"
SLUG = "کشتی-های-انزلی-3-روز-پس-از-طوفان"


def test_a_persian_story_s_address_is_one_spelling_from_publish_to_feed_sitemap_and_redirect(
        editor_client, newsroom, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "tests.delivery.recording.RecordingBackend"}}
    recording.purged.clear()
    log = page_store().purge_log
    log.read_new()
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", newsroom.section.pk])
    draft = ArticlePageFactory.build(title=HEADLINE, slug=HEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        sent = article_form(draft, authors=[newsroom.author], **PUBLISH)
        assert editor_client.post(url, sent).status_code == 302
    story = ArticlePage.objects.get(title=HEADLINE)
    assert story.slug == SLUG
    encoded = f"{newsroom.section.url}{urllib.parse.quote(SLUG)}/"
    assert f"http://localhost{encoded}" in recording.purged
    assert f"!{encoded}" in log.read_new()  # the machine's cache, under the one spelling

    reader = editor_client.__class__()
    assert reader.get(encoded).status_code == 200
    assert encoded in reader.get(f"/feeds/rss{newsroom.section.url}").content.decode()
    year = story.published_at.astimezone(datetime.UTC).year
    assert encoded in reader.get(f"/sitemap-articles-{year}.xml").content.decode()

    renamed = article_form(story, **PUBLISH)
    renamed["slug"] = "كشتي-انزلي"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(edit_url(story), renamed).status_code == 302
    moved = reader.get(encoded)
    assert moved.status_code in (301, 302)
    assert moved["Location"].endswith(urllib.parse.quote("کشتی-انزلی") + "/")
