"""Moving subscribers in and out: Mailchimp's, Substack's and Ghost's CSV exports (the fixture
files carry each service's own columns) keep their consent and dates; a malformed file says
where and imports nothing; whoever left here stays left; everything goes out again as CSV,
from the command line and from the admin."""

import csv
import datetime
import io
from pathlib import Path

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from dateline.newsletters import moving
from dateline.newsletters.models import Subscriber, Subscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def statuses(newsletter):
    return dict(Subscription.objects.filter(newsletter=newsletter)
                .values_list("subscriber__email", "status"))


def imported(name, newsletter, *options):
    out = io.StringIO()
    call_command("import_subscribers", str(FIXTURES / name), "--newsletter", newsletter.slug,
                 *options, stdout=out)
    return out.getvalue()


def test_mailchimp_exports_keep_consent_dates_and_who_left(lists):
    said = imported("mailchimp_subscribed.csv", lists.morning)
    assert "Imported from Mailchimp into Morning briefing: 2 subscribed" in said
    imported("mailchimp_unsubscribed.csv", lists.morning)
    assert statuses(lists.morning) == {"nino@example.org": "confirmed",
                                       "Arash.Karimi@example.org": "confirmed",
                                       "left@example.org": "unsubscribed"}
    nino = Subscription.objects.get(subscriber__email="nino@example.org")
    assert nino.signed_up_at == datetime.datetime(2023, 4, 2, 6, 14, 9, tzinfo=datetime.UTC)
    assert nino.confirmed_at == datetime.datetime(2023, 4, 2, 6, 15, 40, tzinfo=datetime.UTC)
    assert nino.source == "import from Mailchimp"
    left = Subscription.objects.get(subscriber__email="left@example.org")
    assert left.unsubscribed_at == datetime.datetime(2023, 6, 1, 12, 30, tzinfo=datetime.UTC)
    assert left.unsubscribe_reason == Subscription.IMPORTED


def test_substack_exports_keep_who_turned_mail_off(lists):
    imported("substack.csv", lists.weekly)
    assert statuses(lists.weekly) == {"tamar@example.org": "confirmed",
                                      "giorgi@example.org": "confirmed",
                                      "muted@example.org": "unsubscribed"}
    tamar = Subscription.objects.get(subscriber__email="tamar@example.org")
    assert tamar.confirmed_at == datetime.datetime(2024, 2, 11, 9, 30, 12, 512000,
                                                   tzinfo=datetime.UTC)


def test_ghost_exports_keep_who_is_subscribed_to_emails(lists):
    imported("ghost.csv", lists.morning, "--format", "ghost")
    assert statuses(lists.morning) == {"zara@example.org": "confirmed",
                                       "quiet@example.org": "unsubscribed"}


def test_a_malformed_file_says_where_and_imports_nothing(lists):
    with pytest.raises(CommandError) as refused:
        imported("ghost_broken.csv", lists.morning)
    message = str(refused.value)
    assert message.startswith("Nothing was imported: 2 problem(s) in the Ghost file")
    assert "line 3" in message and "not-an-address" in message
    assert "line 4" in message and "'yesterday' is not a date and time" in message
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize(("data", "says"), [
    (b"", "The file is empty."),
    (b"\xff\xfe\x00e\x00m", "not UTF-8"),
    (b"name,phone\nNino,555\n", "are not those of a Mailchimp, Substack or Ghost export"),
    (b'email,subscribed_to_emails,created_at\n"open quote,true,2023-01-01\n', "not CSV"),
    (b"email,subscribed_to_emails,created_at\na@example.org,true,2023-01-01,extra\n",
     "more fields than the header"),
])
def test_files_that_are_no_export_are_refused_plainly(data, says):
    with pytest.raises(moving.ImportRefused, match=says):
        moving.read(data)


def test_a_named_service_whose_columns_are_missing_is_refused(lists):
    with pytest.raises(CommandError, match="This is not a Substack export: it has no "
                                           "active_subscription, email_disabled column"):
        imported("ghost.csv", lists.morning, "--format", "substack")


def test_an_old_export_never_brings_back_who_left_here(lists):
    imported("mailchimp_subscribed.csv", lists.morning)
    nino = Subscription.objects.get(subscriber__email="nino@example.org")
    nino.unsubscribe(Subscription.BY_READER)
    nino.save()
    said = imported("mailchimp_subscribed.csv", lists.morning)
    assert "1 left unsubscribed as they had left here" in said
    assert statuses(lists.morning)["nino@example.org"] == "unsubscribed"


def test_a_dry_run_reads_and_imports_nothing(lists):
    said = imported("substack.csv", lists.morning, "--dry-run")
    assert "3 address(es) in the Substack file read without a problem" in said
    assert not Subscriber.objects.exists()


def test_subscribers_export_as_csv(lists, tmp_path):
    imported("substack.csv", lists.weekly)
    out = io.StringIO()
    call_command("export_subscribers", "--newsletter", "caucasus-weekly", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["email"] for row in rows] == ["giorgi@example.org", "muted@example.org",
                                              "tamar@example.org"]
    assert rows[0]["status"] == "confirmed"
    assert rows[0]["signed_up_at"] == "2023-09-01T17:02:44+00:00"
    assert rows[1]["unsubscribe_reason"] == "imported"
    target = tmp_path / "out.csv"
    call_command("export_subscribers", "--output", str(target), stderr=io.StringIO())
    assert target.read_text().splitlines()[0] == ",".join(moving.EXPORT_COLUMNS)
    with pytest.raises(CommandError, match="There is no newsletter 'nope'"):
        call_command("export_subscribers", "--newsletter", "nope")


def test_the_admin_imports_and_exports_for_those_allowed(lists, client):
    newsletter_staff = UserFactory()
    newsletter_staff.groups.add(Group.objects.get(name="Newsletter"))
    client.force_login(newsletter_staff)
    page = client.get(reverse("newsletters_import"))
    assert page.status_code == 200
    with open(FIXTURES / "ghost_broken.csv", "rb") as upload:
        refused = client.post(reverse("newsletters_import"),
                              {"newsletter": lists.morning.pk, "service": "auto",
                               "file": upload})
    assert "Nothing was imported" in refused.text
    with open(FIXTURES / "ghost.csv", "rb") as upload:
        done = client.post(reverse("newsletters_import"),
                           {"newsletter": lists.morning.pk, "service": "auto", "file": upload},
                           follow=True)
    assert "Imported from Ghost: 1 subscribed, 1 unsubscribed" in done.text
    exported = client.get(reverse("newsletters_export"))
    assert exported["Content-Disposition"].startswith("attachment;")
    assert "zara@example.org" in exported.getvalue().decode()

    client.force_login(UserFactory(editor=True))
    # Wagtail answers a refusal by sending the user back to the dashboard.
    for url in (reverse("newsletters_import"), reverse("newsletters_export")):
        refused = client.get(url)
        assert (refused.status_code, refused.url) == (302, "/admin/")
