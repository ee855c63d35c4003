"""Issues composed from the day's journalism: the rule's stories after the editor's own, the
scheduled moments in the site's zone, the admin's preview (HTML and plain text) and test send
through a real SMTP server, and each recipient's mail: RFC 8058 one-click headers, a plain-text
part, mail-client HTML with absolute links and no tracking, rendered once per mailing."""

import datetime
import re
import zoneinfo

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dateline.mailroom.models import Delivery, Mailing
from dateline.mailroom.outbox import Outbox
from dateline.newsletters import assembly, mail
from dateline.newsletters.models import Issue, IssueStory, Newsletter, Subscriber, Subscription
from tests.admin_forms import formset
from tests.factories import UserFactory
from tests.newsletters.conftest import links_in

pytestmark = pytest.mark.django_db


def titles(stories):
    return [story.title for story in stories]


def test_a_briefing_takes_the_readable_stories_of_its_window_newest_first(lists, stories):
    assert titles(assembly.selected_stories(lists.morning)) == [
        "The bridge opens to traffic", "Talks resume in Geneva", "Water rates rise in Tbilisi"]


def test_a_list_keeps_to_its_sections_topics_and_count(lists, stories, newsroom):
    assert titles(assembly.selected_stories(lists.weekly)) == [
        "The bridge opens to traffic", "Water rates rise in Tbilisi", "Last week's storm"]
    lists.morning.topics.set([newsroom.topic])
    assert titles(assembly.selected_stories(lists.morning)) == ["Water rates rise in Tbilisi"]
    lists.weekly.story_count = 1
    assert titles(assembly.selected_stories(lists.weekly)) == ["The bridge opens to traffic"]


def test_drafts_and_private_stories_never_go_out(lists, stories, newsroom):
    stories.world.unpublish()
    assert "Talks resume in Geneva" not in titles(assembly.selected_stories(lists.morning))


def test_the_editors_picks_come_first_and_the_rule_fills_in_after(lists, stories):
    issue = Issue.objects.create(newsletter=lists.morning, subject="Monday")
    IssueStory.objects.create(issue=issue, article=stories.old, sort_order=0)
    assembly.fill(issue)
    assert titles(issue.stories()) == ["Last week's storm", "The bridge opens to traffic",
                                       "Talks resume in Geneva", "Water rates rise in Tbilisi"]
    assembly.fill(issue)
    assert len(issue.stories()) == 4


def test_a_daily_list_is_due_at_its_time_in_the_sites_zone(lists, newsroom):
    newsroom.settings.time_zone = "Asia/Tehran"
    newsroom.settings.save()
    tehran = zoneinfo.ZoneInfo("Asia/Tehran")
    before = datetime.datetime(2026, 12, 7, 6, 59, tzinfo=tehran)
    after = datetime.datetime(2026, 12, 7, 7, 1, tzinfo=tehran)
    assert assembly.latest_slot(lists.morning, before) == datetime.datetime(
        2026, 12, 6, 7, 0, tzinfo=tehran)
    assert assembly.latest_slot(lists.morning, after) == datetime.datetime(
        2026, 12, 7, 7, 0, tzinfo=tehran)
    # Caucasus weekly: Fridays (weekday 4) at 07:00.
    assert assembly.latest_slot(lists.weekly, after) == datetime.datetime(
        2026, 12, 4, 7, 0, tzinfo=tehran)
    assert assembly.latest_slot(lists.alerts, after) is None


def test_a_scheduled_issue_is_assembled_once_and_waits_for_approval(lists, stories):
    now = timezone.now()
    lists.morning.send_time = (now - datetime.timedelta(minutes=10)).astimezone(
        assembly.site_zone()).time()
    lists.morning.save()
    [made] = assembly.assemble_due(now)
    assert made.status == Issue.DRAFT
    assert made.subject.startswith("Morning briefing, ")
    assert len(made.stories()) == 3
    assert assembly.assemble_due(now) == []
    assert Issue.objects.filter(newsletter=lists.morning).count() == 1


def test_a_list_sent_without_approval_is_approved_as_assembled(lists, stories):
    now = timezone.now()
    lists.morning.send_time = (now - datetime.timedelta(minutes=10)).astimezone(
        assembly.site_zone()).time()
    lists.morning.send_without_approval = True
    lists.morning.save()
    [made] = assembly.assemble_due(now)
    assert made.status == Issue.APPROVED


def test_a_slot_missed_by_hours_is_not_sent_late(lists, stories):
    now = timezone.now()
    lists.morning.send_time = (now - assembly.LATE_BY_AT_MOST - datetime.timedelta(
        minutes=5)).astimezone(assembly.site_zone()).time()
    lists.morning.save()
    made = assembly.assemble_due(now)
    assert all(issue.newsletter != lists.morning for issue in made)


@pytest.fixture
def issue(lists, stories, newsroom):
    issue = Issue.objects.create(newsletter=lists.morning, subject="Bridge opens; Geneva talks",
                                 introduction="Good morning.\nThree stories today.")
    assembly.fill(issue)
    return issue


def mailing_of(issue):
    return Mailing(key=issue.mailing_key, created_at=timezone.now())


def delivery(mailing, address, subscription_id):
    """What mailroom.bulk hands a composer with the mailing: one delivery of it."""
    return Delivery(mailing=mailing, address=address, recipient_ref=str(subscription_id))


def test_each_mail_offers_one_click_unsubscribe_and_reads_in_mail_clients(issue, mail_server,
                                                                         lists):
    subscriber = Subscriber.objects.create(email="reader@example.org")
    subscription = Subscription.objects.create(subscriber=subscriber, newsletter=lists.morning,
                                               status=Subscription.CONFIRMED)
    mailing = mailing_of(issue)
    message = mail.compose_issue(mailing, delivery(mailing, subscriber.email, subscription.pk))
    message.extra_headers["Message-ID"] = "<issue-1@example.org>"
    with Outbox() as outbox:
        outbox.send(message)
    [received] = mail_server.received
    headers = received.message
    [unsubscribe] = re.findall(r"<([^>]+)>", headers["List-Unsubscribe"])
    assert unsubscribe.startswith("http://localhost/newsletters/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Id"] == "Morning briefing <morning.localhost>"
    assert headers["Subject"] == "Bridge opens; Geneva talks"

    text, html = received.part("text/plain"), received.part("text/html")
    assert "Good morning." in text and "The bridge opens to traffic" in text
    assert links_in(text, "unsubscribe") == [unsubscribe]
    assert links_in(html, "manage") == links_in(text, "manage")
    assert "<table" in html and "<img" not in html.replace('<img src="http://localhost/', "")
    assert not re.search(r"<link|@import|font-face|<script", html)
    story_links = re.findall(r'href="([^"]+)"', html)
    assert all(link.startswith("http://localhost/") for link in story_links)
    assert "http://localhost/caucasus/" in html

    # The header's one-click POST leaves the list.
    assert Client().post(unsubscribe.removeprefix("http://localhost"),
                         {"List-Unsubscribe": "One-Click"}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.UNSUBSCRIBED


def test_pictures_carry_alt_text_and_the_public_address(issue, stories, newsroom):
    from wagtail.images.tests.utils import get_test_image_file

    from dateline.news.models import NewsImage

    stories.bridge.lead_image = NewsImage.objects.create(
        title="The bridge at dawn", description="Cars cross the new bridge at dawn",
        file=get_test_image_file())
    stories.bridge.save_revision().publish()
    newsroom.site.hostname, newsroom.site.port = "news.example.org", 443
    newsroom.site.save()
    html = mail.rendered_issue(issue).html
    [image] = re.findall(r"<img [^>]+>", html)
    assert 'src="https://news.example.org/media/images/' in image
    assert 'alt="Cars cross the new bridge at dawn"' in image


def test_an_issue_is_rendered_once_per_mailing_whatever_the_recipients(issue):
    mailing = mailing_of(issue)
    first = mail.compose_issue(mailing, delivery(mailing, "r0@example.org", 1))
    with CaptureQueriesContext(connection) as queries:
        messages = [mail.compose_issue(mailing, delivery(mailing, f"r{n}@example.org", n))
                    for n in range(2, 502)]
    assert len(queries) == 0
    assert len({m.extra_headers["List-Unsubscribe"] for m in messages}) == 500
    assert messages[0].body.replace("/2:", "/1:") != first.body  # each recipient's own links
    assert messages[0].to == ["r2@example.org"]


def test_an_editor_previews_sends_a_test_and_cannot_see_addresses(issue, client, mail_server):
    editor = UserFactory(editor=True, email="editor@example.org")
    client.force_login(editor)
    desk = reverse("newsletters_issue_desk", args=[issue.pk])
    page = client.get(desk)
    assert page.status_code == 200
    assert "The bridge opens to traffic" in page.text
    html = client.get(reverse("newsletters_issue_mail", args=[issue.pk, "html"]))
    assert "<table" in html.text and "Good morning." in html.text
    text = client.get(reverse("newsletters_issue_mail", args=[issue.pk, "text"]))
    assert text["Content-Type"].startswith("text/plain")
    assert "The bridge opens to traffic" in text.text

    client.post(desk, {"action": "test"})
    [received] = mail_server.received
    assert received.rcpt_tos == ["editor@example.org"]
    assert received.message["Subject"] == "[TEST] Bridge opens; Geneva talks"
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A test's links belong to nobody.
    [unsubscribe] = links_in(received.part("text/plain"), "unsubscribe")
    assert Client().post(unsubscribe.removeprefix("http://localhost")).status_code == 404

    refused = client.get(reverse("wagtailsnippets_newsletters_subscriber:list"))
    assert (refused.status_code, refused.url) == (302, "/admin/")


def test_an_issue_for_later_is_approved_without_leaving(issue, client):
    client.force_login(UserFactory(editor=True))
    issue.send_at = timezone.now() + datetime.timedelta(hours=2)
    issue.save()
    client.post(reverse("newsletters_issue_desk", args=[issue.pk]), {"action": "approve"})
    issue.refresh_from_db()
    assert issue.status == Issue.APPROVED
    assert issue.approved_at is not None


def test_an_issue_without_a_readable_story_is_not_approved(lists, client):
    client.force_login(UserFactory(editor=True))
    empty = Issue.objects.create(newsletter=lists.alerts, subject="Nothing yet")
    client.post(reverse("newsletters_issue_desk", args=[empty.pk]), {"action": "approve"})
    empty.refresh_from_db()
    assert empty.status == Issue.DRAFT


def test_an_editor_reorders_and_previews_as_html_and_plain_text(issue, stories,
                                                                 editor_client):
    edit = reverse("wagtailsnippets_newsletters_issue:edit", args=[issue.pk])
    assert editor_client.get(edit).status_code == 200
    # As the editor's drag and drop posts it: each row where it was, with its new place.
    rows = formset("story_rows", [{"id": row.pk, "article": row.article_id}
                                  for row in issue.story_rows.all()])
    for index, place in enumerate([2, 3, 1]):
        rows[f"story_rows-{index}-ORDER"] = str(place)
    form = {"newsletter": issue.newsletter.pk, "subject": issue.subject,
            "introduction": "Good evening.", "send_at": "", **rows}
    preview = reverse("wagtailsnippets_newsletters_issue:preview_on_edit", args=[issue.pk])
    assert editor_client.post(preview, form).json()["is_valid"]
    for mode in ("html", "text"):
        shown = editor_client.get(f"{preview}?mode={mode}").text
        assert "Good evening." in shown
        assert shown.index("Water rates rise") < shown.index("The bridge opens")
    assert editor_client.post(edit, form).status_code == 302
    assert titles(Issue.objects.get(pk=issue.pk).stories())[0] == "Water rates rise in Tbilisi"
    assert Newsletter.objects.count() == 3


def test_a_live_story_becomes_a_breaking_alert_in_two_clicks(lists, stories, client):
    client.force_login(UserFactory(editor=True))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[stories.bridge.pk]))
    alert = reverse("newsletters_breaking_alert", args=[stories.bridge.pk])
    assert alert in edit.text
    assert "Make the alert" in client.get(alert).text
    desk = client.post(alert)
    issue = Issue.objects.get(newsletter=lists.alerts)
    assert desk.url == reverse("newsletters_issue_desk", args=[issue.pk])
    assert issue.subject == "The bridge opens to traffic"
    assert titles(issue.stories()) == ["The bridge opens to traffic"]
    assert issue.status == Issue.DRAFT
