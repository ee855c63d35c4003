"""The first-run checklist: what a new newsroom still has to set up, each item read live from
the database and the settings, with a link to where it is done."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from dateline.founding.newsite import ABOUT_SLUG, is_local_host
from dateline.news.models import (
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    PlainPage,
    SectionPage,
    SiteSettings,
)
from dateline.newsroom.password_reset import mail_is_set_up


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    done: bool
    links: tuple = ()
    hint: str = ""


def public_address_is_set(site):
    """Whether readers have an address other than this machine's: the default site's record,
    into which `dateline serve` writes DATELINE_BASE_URL (or, without it, the local address
    it listens on)."""
    return site is not None and not is_local_host(site.hostname)


def staff_accounts():
    """Active accounts that may sign in to the admin."""
    return get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(groups__permissions__codename="access_admin",
            groups__permissions__content_type__app_label="wagtailadmin")
        | Q(user_permissions__codename="access_admin",
            user_permissions__content_type__app_label="wagtailadmin")).distinct()


def about_page(home):
    return PlainPage.objects.child_of(home).filter(slug=ABOUT_SLUG).first()


def has_words(stream):
    """Whether a body holds any text, looked for in its raw JSON so no block is rendered."""
    return any(strip_tags(str(block.get("value") or "")).strip() for block in stream.raw_data)


def items(site=None):
    """Every item of the checklist, done or not, for the default site."""
    site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = HomePage.objects.filter(pk=site.root_page_id).first() if site else None
    if home is None:
        return []
    settings = SiteSettings.for_site(site)
    settings_url = reverse("wagtailsettings:edit",
                           args=["news", "sitesettings", site.pk])
    about = about_page(home)
    author_index = AuthorIndexPage.objects.child_of(home).first()
    sections = SectionPage.objects.child_of(home)
    return [
        Item("logo", _("Add your logo"), settings.logo_id is not None,
             (Link(settings_url, _("Site settings")),)),
        Item("about", _("Write the About page and the footer blurb"),
             about is not None and about.live and has_words(about.body)
             and bool(settings.about_blurb.strip()),
             (Link(reverse("wagtailadmin_pages:edit", args=[about.pk]) if about else
                   reverse("wagtailadmin_pages:add",
                           args=["news", "plainpage", home.pk]), _("About page")),
              Link(settings_url, _("Footer blurb")))),
        Item("sections", _("Put your sections in the menu"),
             SectionPage.objects.in_menu_under(home).exists(),
             (Link(reverse("wagtailadmin_explore", args=[home.pk]), _("Pages"))
              if sections.exists() else
              Link(reverse("wagtailadmin_pages:add", args=["news", "sectionpage", home.pk]),
                   _("Add a section")),),
             _("Tick “Show in menus” on a section’s Promote tab.")),
        Item("authors", _("Add at least one author"),
             AuthorPage.objects.live().exists(),
             (Link(reverse("wagtailadmin_pages:add",
                           args=["news", "authorpage", author_index.pk]), _("Add an author"))
              if author_index else
              Link(reverse("wagtailadmin_pages:add",
                           args=["news", "authorindexpage", home.pk]),
                   _("Add the author index")),)),
        Item("staff", _("Invite your staff"), staff_accounts().count() > 1,
             (Link(reverse("newsroom_invite"), _("Invite staff")),
              Link(reverse("wagtailusers_users:index"), _("Staff accounts")))),
        Item("email", _("Set up e-mail"), mail_is_set_up(), (),
             _("Set DATELINE_EMAIL_URL in the server’s environment, e.g. "
               "smtp://user:password@mail.example.org:587, and restart Dateline.")),
        Item("address", _("Set the public address"), public_address_is_set(site),
             (Link(reverse("wagtailsites:edit", args=[site.pk]), _("Site address")),),
             _("Give the site its public host name, or set DATELINE_BASE_URL.")),
    ]
