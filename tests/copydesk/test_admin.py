"""In the admin: findings are shown while editing, and blocking ones stop publishing only."""

import pytest

from django.urls import reverse

from dateline.news.models import ArticlePage, PlainPage, SiteSettings
from tests.admin_forms import PUBLISH, article_form, body, edit_url
from tests.factories import ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db

FILLER = "Lorem ipsum dolor sit amet, the ferry sails at noon."
CLEAN = "The ferry sails at noon from the new pier."


# A standfirst and a dateline free of findings, so that only the body's text decides.
STORY = {"standfirst": "Fewer crossings.", "dateline_place": "BAKU"}


def test_publishing_filler_is_refused_and_the_draft_is_kept(editor_client, newsroom, draft):
    response = editor_client.post(edit_url(draft), article_form(
        draft, paragraph=FILLER, authors=[newsroom.author], **STORY, **PUBLISH))
    assert response.status_code == 302
    assert response.url == edit_url(draft)
    draft.refresh_from_db()
    assert not draft.live
    latest = draft.get_latest_revision_as_object()
    assert "Lorem ipsum" in latest.body[0].value.source
    message = editor_client.get(edit_url(draft)).content.decode()
    assert "Not published" in message
    assert "Body, paragraph 1" in message
    assert "lorem ipsum" in message.lower()


def test_publishing_succeeds_once_the_filler_is_fixed(editor_client, newsroom, draft):
    editor_client.post(edit_url(draft), article_form(
        draft, paragraph=FILLER, authors=[newsroom.author], **STORY, **PUBLISH))
    editor_client.post(edit_url(draft), article_form(
        draft, paragraph=CLEAN, authors=[newsroom.author], **STORY, **PUBLISH))
    draft.refresh_from_db()
    assert draft.live
    assert CLEAN in draft.body[0].value.source


def test_warnings_do_not_stop_publishing(editor_client, draft):
    response = editor_client.post(edit_url(draft), article_form(
        draft, paragraph=CLEAN, authors=[], **STORY, **PUBLISH))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live


def test_saving_a_draft_with_filler_works_and_the_editor_shows_the_finding(editor_client,
                                                                          newsroom, draft):
    form = article_form(draft, paragraph=FILLER, authors=[newsroom.author], **STORY)
    editor_client.post(edit_url(draft), form)
    page = editor_client.get(edit_url(draft)).content.decode()
    assert "will not let this be published" in page
    assert "Body, paragraph 1" in page
    assert "Lorem ipsum" in ArticlePage.objects.get(pk=draft.pk).body[0].value.source


def test_a_new_article_with_filler_is_created_as_a_draft_not_published(editor_client, newsroom):
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", newsroom.section.pk])
    new = ArticlePage(title="Ferry timetable changes", slug="ferry-new")
    response = editor_client.post(url, article_form(
        new, paragraph=FILLER, authors=[newsroom.author], **STORY, **PUBLISH))
    assert response.status_code == 302
    created = ArticlePage.objects.get(slug="ferry-new")
    assert not created.live
    assert response.url == edit_url(created)


def test_a_plain_page_with_theme_filler_is_not_published(editor_client, newsroom):
    about = newsroom.about
    form = {"title": "About Us", "slug": "about",
            **body("Welcome to our website. We are a creative agency."),
            "action-publish": "action-publish"}
    editor_client.post(edit_url(about), form)
    live = PlainPage.objects.get(pk=about.pk)
    assert "creative agency" not in live.body[0].value.source
    assert "creative agency" in live.get_latest_revision_as_object().body[0].value.source


def settings_form(settings, about_blurb):
    return {"name": settings.name, "tagline": "News from the valley",
            "about_blurb": about_blurb, "time_zone": settings.time_zone, "logo": "",
            "slug_style": settings.slug_style, "zone_label": settings.zone_label,
            **dict.fromkeys(("mastodon_url", "bluesky_url", "x_url", "facebook_url",
                             "instagram_url", "youtube_url"), "")}


def test_site_settings_with_filler_are_not_saved_and_the_field_says_why(editor_client,
                                                                        newsroom):
    url = reverse("wagtailsettings:edit", args=["news", "sitesettings", newsroom.site.pk])
    response = editor_client.post(url, settings_form(newsroom.settings, FILLER))
    assert response.status_code == 200
    assert "lorem" in response.context["form"].errors["about_blurb"][0].lower()
    assert SiteSettings.objects.get(pk=newsroom.settings.pk).about_blurb != FILLER

    response = editor_client.post(url, settings_form(newsroom.settings, CLEAN))
    assert response.status_code == 302
    assert SiteSettings.objects.get(pk=newsroom.settings.pk).about_blurb == CLEAN


def test_bulk_publishing_is_refused_when_a_selected_page_has_blocking_findings(editor_client,
                                                                               newsroom):
    faulty = ArticlePageFactory(parent=newsroom.section, draft=True, authors=[newsroom.author],
                                body=[("paragraph", "<p>TODO: the minister's reply.</p>")])
    clean = ArticlePageFactory(parent=newsroom.section, draft=True, authors=[newsroom.author])
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    query = f"?id={faulty.pk}&id={clean.pk}&next=/admin/"
    response = editor_client.post(url + query, {"include_descendants": ""})
    assert response.status_code == 302
    assert not ArticlePage.objects.get(pk=faulty.pk).live
    assert not ArticlePage.objects.get(pk=clean.pk).live
    shown = editor_client.get("/admin/").content.decode()
    assert "TODO" in shown and faulty.title in shown


def test_bulk_publishing_pages_without_blocking_findings_goes_ahead(editor_client, newsroom):
    clean = ArticlePageFactory(parent=newsroom.section, draft=True)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    editor_client.post(url + f"?id={clean.pk}&next=/admin/", {"include_descendants": ""})
    assert ArticlePage.objects.get(pk=clean.pk).live


def shown_messages(client, url):
    """The texts of the messages the page shows, one per message."""
    response = client.get(url)
    return [str(message.message) for message in response.context["messages"]]


def test_a_refused_publish_shows_one_list_headed_by_the_refusal(editor_client, newsroom, draft):
    editor_client.post(edit_url(draft), article_form(
        draft, paragraph=FILLER, authors=[], **STORY, **PUBLISH))
    shown = shown_messages(editor_client, edit_url(draft))
    assert len(shown) == 1, shown
    [message] = shown
    assert message.startswith('<div data-copydesk-findings="')
    assert "Not published" in message
    assert message.count("Body, paragraph 1</b>") == 1
    # Said once: the next visit lists the findings without the refusal.
    again = shown_messages(editor_client, edit_url(draft))
    assert len(again) == 1 and "Not published" not in again[0]
    assert "will not let this be published" in again[0]


def test_an_autosave_and_its_partial_page_queue_no_copy_desk_list(editor_client, newsroom):
    url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", newsroom.section.pk])
    new = ArticlePage(title="Ferry timetable changes TK", slug="ferry-autosaved")
    answer = editor_client.post(url, article_form(new, paragraph=FILLER, **STORY),
                                HTTP_ACCEPT="application/json").json()
    assert answer["success"], answer
    # What the autosave of a new page fetches to become the edit page.
    partial = editor_client.get(answer["hydrate_url"])
    assert partial.status_code == 200
    shown = shown_messages(editor_client, edit_url(ArticlePage.objects.get(pk=answer["pk"])))
    assert len(shown) == 1, shown


def test_the_current_list_is_served_for_the_page_after_an_autosave(editor_client, newsroom,
                                                                   draft):
    findings = reverse("copydesk_page_findings", args=[draft.pk])
    editor_client.post(edit_url(draft), article_form(draft, paragraph=FILLER, **STORY),
                       HTTP_ACCEPT="application/json")
    before = editor_client.get(findings).json()
    assert before["blocking"] == 1 and "lorem ipsum" in before["html"].lower()
    editor_client.post(edit_url(draft), article_form(draft, paragraph=CLEAN, **STORY),
                       HTTP_ACCEPT="application/json")
    after = editor_client.get(findings).json()
    assert after["blocking"] == 0 and "lorem ipsum" not in after["html"].lower()


def test_the_current_list_is_only_for_those_who_may_edit_the_page(client, newsroom, draft):
    client.force_login(UserFactory(contributor=True))  # not the draft's owner
    response = client.get(reverse("copydesk_page_findings", args=[draft.pk]))
    assert response.status_code == 404
