"""Lists per language edition: each edition's sign-up offers its own lists; a Persian list's
reader is answered in Persian from the confirmation letter to leaving, and its issues carry
the Persian edition's stories, right to left, dated in the Solar Hijri calendar in Persian
digits, with no font fetched from anywhere. Mail is received by a real SMTP server."""

import datetime
import re
from urllib.parse import urlsplit

import pytest

from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from dateline.news import calendars
from dateline.news.dates import format_date
from dateline.newsletters import assembly, sending
from dateline.newsletters.models import Issue, Newsletter, Subscriber, Subscription
from tests.factories import UserFactory
from tests.newsletters.conftest import links_in

pytestmark = pytest.mark.django_db

PERSIAN_LIST = "خبرنامهٔ صبح"


@pytest.fixture
def edition_lists(editions):
    """A morning briefing in each edition: the English one names no language."""
    english = Newsletter.objects.create(name="Morning briefing", slug="morning", sort_order=1)
    persian = Newsletter.objects.create(name=PERSIAN_LIST, slug="sobh", language="fa",
                                        sort_order=1)
    return english, persian


def path_of(link):
    return urlsplit(link).path


def test_each_edition_offers_only_its_own_lists(client, edition_lists, mail_server):
    english, persian = edition_lists
    for path, own, other in (("/", english, persian), ("/newsletters/", english, persian),
                             ("/fa/", persian, english), ("/fa/newsletters/", persian, english)):
        text = client.get(path).text
        assert own.name in text, path
        assert other.name not in text, path
    assert 'action="/fa/newsletters/"' in client.get("/fa/").text
    # The other edition's list is no choice of this edition's form.
    refused = client.post("/fa/newsletters/", {"email": "reader@example.org",
                                               "newsletters": [english.pk]})
    assert refused.status_code == 400
    assert mail_server.received == []


def test_a_persian_reader_is_answered_in_persian_from_sign_up_to_confirmation(
        client, edition_lists, mail_server):
    _english, persian = edition_lists
    answer = client.post("/fa/newsletters/", {"email": "reader@example.org",
                                               "newsletters": [persian.pk]})
    assert answer.status_code == 200
    assert '<html lang="fa" dir="rtl"' in answer.text

    [letter] = mail_server.received
    html = letter.part("text/html")
    assert '<html lang="fa" dir="rtl">' in html
    assert "خبرنامه‌هایم را تأیید می‌کنم" in html
    assert "برای تأیید، این پیوند را باز کنید:" in letter.part("text/plain")
    [link] = links_in(letter.part("text/plain"), "confirm")
    assert path_of(link).startswith("/fa/newsletters/confirm/")

    asked = client.get(path_of(link))
    assert '<html lang="fa" dir="rtl"' in asked.text
    assert PERSIAN_LIST in asked.text
    confirmed = client.post(path_of(link))
    assert "نام‌نویسی شما انجام شد" in confirmed.text
    assert Subscription.objects.get().status == Subscription.CONFIRMED


def test_a_persian_issue_carries_persian_stories_right_to_left_in_solar_hijri_dates(
        editions, edition_lists, mail_server):
    english, persian = edition_lists
    subscriber = Subscriber.objects.create(email="reader@example.org")
    Subscription.objects.create(subscriber=subscriber, newsletter=persian,
                                status=Subscription.CONFIRMED)
    send_at = timezone.now() - datetime.timedelta(minutes=1)
    issue = Issue.objects.create(newsletter=persian, subject="خبرهای امروز", send_at=send_at)
    assembly.fill(issue)
    assert {story.pk for story in issue.stories()} == {editions.fa_story.pk,
                                                       editions.fa_only_story.pk}
    english_issue = assembly.fill(Issue.objects.create(newsletter=english, subject="Today"))
    assert editions.story.pk in {story.pk for story in english_issue.stories()}
    assert not {editions.fa_story.pk, editions.fa_only_story.pk} & {
        story.pk for story in english_issue.stories()}

    sending.approve(issue, UserFactory(editor=True))
    sending.send_due()
    call_command("send_mailings", verbosity=0)

    [received] = mail_server.received
    html, text = received.part("text/html"), received.part("text/plain")
    assert '<html lang="fa" dir="rtl">' in html
    assert "پل باز شد" in html and "بازار کتاب تهران" in html
    # The Persian edition's own name, as its masthead shows it; nothing of the template's own.
    assert editions.fa_home.title in html and "{#" not in html
    assert "The bridge opens" not in html
    with translation.override("fa"), timezone.override(assembly.site_zone()):
        date = format_date(send_at)
    assert date in html and date in text
    assert any(month in date for month in calendars.PERSIAN_MONTHS)
    assert re.search("[۰-۹]", date) and not re.search("[0-9]", date)
    # Fonts the reader's system has; nothing fetched to draw the letters.
    assert "Vazirmatn" in html
    assert "@font-face" not in html and "url(" not in html and "<link" not in html

    [manage] = links_in(text, "manage")
    assert path_of(manage).startswith("/fa/newsletters/manage/")
    assert '<html lang="fa" dir="rtl"' in Client().get(path_of(manage)).text
    unsubscribe = re.search(r"<(https?://[^>]+)>", received.message["List-Unsubscribe"])[1]
    left = Client().post(path_of(unsubscribe), {"List-Unsubscribe": "One-Click"})
    assert left.text == "اشتراک لغو شد."
    assert Subscription.objects.get().status == Subscription.UNSUBSCRIBED
