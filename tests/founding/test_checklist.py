"""The first-run checklist: first on an administrator's dashboard, each item ticked by what the
newsroom has done, and gone once everything is."""

import io
import json
import re

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from wagtail.users.models import UserProfile

from dateline.copydesk.registry import run_checks
from dateline.founding import checklist
from dateline.mailroom.outbox import NO_MAIL
from dateline.news.models import (
    AuthorIndexPage,
    NewsImage,
    PlainPage,
    SectionPage,
    SiteSettings,
)
from dateline.server import public_address
from tests.factories import AuthorPageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

PANEL = 'id="first-run-checklist-section"'


@pytest.fixture
def founded(fresh_database, settings):
    settings.EMAIL_BACKEND = NO_MAIL
    call_command("new_site", "--name", "Kestrel Post", "--admin-email", "chief@kestrel.example",
                 interactive=False, stdout=io.StringIO())
    return get_user_model().objects.get()


def logo():
    return NewsImage.objects.create(title="Kestrel", file=get_test_image_file())


def state():
    return {item.key: item.done for item in checklist.items()}


def checklist_html(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    if PANEL not in html:
        return None
    return html.split(PANEL, 1)[1].split("</section>", 1)[0]


def test_a_new_newsroom_has_everything_to_do(founded):
    assert state() == {"logo": False, "about": False, "sections": False, "authors": False,
                       "staff": False, "email": False, "address": False}


def test_each_item_ticks_itself_when_it_is_done(founded, settings):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    site_settings = SiteSettings.for_site(site)

    site_settings.logo = logo()
    site_settings.save()
    assert state()["logo"]

    about = PlainPage.objects.get(slug="about")
    about.body = json.dumps([{"type": "paragraph",
                              "value": "<p>Kestrel Post is owned by its readers.</p>"}])
    about.save_revision().publish()
    assert not state()["about"]  # the footer blurb is still empty
    site_settings.about_blurb = "A reader-owned paper for the valley."
    site_settings.save()
    assert state()["about"]

    hidden = SectionPageFactory(parent=home, title="Sport", slug="sport", show_in_menus=False)
    assert not state()["sections"]
    hidden.show_in_menus = True
    hidden.save_revision().publish()
    assert state()["sections"]

    AuthorPageFactory(parent=AuthorIndexPage.objects.get(), title="Ana Lima")
    assert state()["authors"]

    reporter = get_user_model().objects.create_user("reporter", "r@kestrel.example", "pw")
    assert not state()["staff"]  # an account that may not use the admin is not staff
    reporter.groups.add(Group.objects.get(name="Contributors"))
    assert state()["staff"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert state()["email"]

    site.hostname = "kestrel.example"
    site.save()
    assert state()["address"]
    assert all(state().values())


def test_the_public_address_ticks_when_the_site_record_names_a_real_host(founded):
    # What `dateline serve` does with DATELINE_BASE_URL, or with the address it listens on.
    public_address.apply(public_address.parse("http://127.0.0.1:8000"))
    assert not checklist.public_address_is_set(Site.objects.get())
    public_address.apply(public_address.parse("https://kestrel.example"))
    assert checklist.public_address_is_set(Site.objects.get())


def test_an_about_page_of_empty_paragraphs_is_not_written(founded):
    about = PlainPage.objects.get(slug="about")
    about.body = json.dumps([{"type": "paragraph", "value": "<p> </p>"}])
    about.save_revision().publish()
    SiteSettings.objects.update(about_blurb="A reader-owned paper.")
    assert not state()["about"]


def test_the_copy_desk_refuses_to_publish_the_empty_about_page(founded):
    findings = run_checks(PlainPage.objects.get(slug="about"))
    assert [(finding.check, finding.blocks) for finding in findings] == [("empty_body", True)]


def test_the_checklist_is_first_on_an_administrators_dashboard_with_its_links(founded, client):
    about = PlainPage.objects.get(slug="about")
    # An edit of its own puts Wagtail's "recent edits" panel on the dashboard.
    about.save_revision(user=founded, log_action=True)
    client.force_login(founded)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panels = re.findall(r'<section[^>]* id="([\w-]+)-section"', html)
    assert panels[:2] == ["first-run-checklist", "write-story"]
    panel = checklist_html(client)
    assert "0 of 7 done" in panel
    site = Site.objects.get()
    for link in (reverse("wagtailadmin_pages:edit", args=[about.pk]),
                 reverse("wagtailsettings:edit", args=["news", "sitesettings", site.pk]),
                 reverse("wagtailsites:edit", args=[site.pk]),
                 reverse("wagtailusers_users:index"),
                 reverse("wagtailadmin_pages:add", args=["news", "sectionpage", site.root_page_id]),
                 reverse("wagtailadmin_pages:add",
                         args=["news", "authorpage", AuthorIndexPage.objects.get().pk])):
        assert f'href="{link}"' in panel
        assert client.get(link).status_code == 200
    assert "DATELINE_EMAIL_URL" in panel


def test_the_checklist_goes_when_everything_is_done(founded, client, settings):
    client.force_login(founded)
    site = Site.objects.get()
    SiteSettings.objects.update(logo=logo(), about_blurb="A reader-owned paper.")
    about = PlainPage.objects.get(slug="about")
    about.body = json.dumps([{"type": "paragraph", "value": "<p>Owned by its readers.</p>"}])
    about.save_revision().publish()
    SectionPageFactory(parent=site.root_page, title="Sport", slug="sport", show_in_menus=True)
    AuthorPageFactory(parent=AuthorIndexPage.objects.get(), title="Ana Lima")
    get_user_model().objects.create_superuser("second", "second@kestrel.example", "pw")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert "6 of 7 done" in checklist_html(client)
    site.hostname = "kestrel.example"
    site.save()
    assert checklist_html(client) is None
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_an_administrator_whose_admin_speaks_persian_reads_the_checklist_in_persian(
        founded, client):
    profile = UserProfile.get_for_user(founded)
    profile.preferred_language = "fa"
    profile.save()
    client.force_login(founded)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "تحریریه خود را راه‌اندازی کنید" in html
    panel = checklist_html(client)
    for words in ("0 از 7 انجام شده است", "نشان‌واره خود را بیفزایید",
                  "در زبانه «ترویج» هر بخش، گزینه «نمایش در منوها» را علامت بزنید.",
                  "DATELINE_EMAIL_URL را در محیط سرور تنظیم کنید", "دعوت از کارکنان"):
        assert words in panel
    assert "Add your logo" not in panel and "server’s environment" not in panel


def test_only_administrators_see_the_checklist(founded, client):
    editor = get_user_model().objects.create_user("editor", "e@kestrel.example", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert checklist_html(client) is None


def test_a_site_section_made_before_new_site_counts(fresh_database):
    """The checklist reads the database as it is, whoever built the newsroom."""
    call_command("new_site", "--name", "Kestrel Post", "--sections", "News",
                 interactive=False, stdout=io.StringIO())
    assert state()["sections"]
    assert SectionPage.objects.get().show_in_menus
