"""An empty newsroom, built in one transaction from a few answers: its name, where it is
served, its clock, its language, its sections and its first administrator.

Nothing is filler. The About page is left an unpublished draft with no text and the footer
blurb empty: the first-run checklist (``checklist.py``) lists both as to-do, and the copy desk
refuses to publish the About page while it is empty.
"""

import difflib
import secrets
import zoneinfo
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.coreutils import get_content_languages
from wagtail.models import Locale, Page

from dateline.founding import builders
from dateline.news.models import PlainPage, SectionPage
from dateline.news.text_forms import slug_form

ABOUT_SLUG = "about"
ADMINISTRATORS = "Administrators"
# The pages new_site builds under the home page, by address.
BUILT_PAGES = {"authors": "author index", "topics": "topic index",
               "on-this-day": "On This Day page", ABOUT_SLUG: "About page"}
# The built pages' titles, written in the newsroom's language.
TITLES = {"authors": _("Authors"), "topics": _("Topics"), "on-this-day": _("On This Day"),
          ABOUT_SLUG: _("About")}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0"}  # nosec B104 # names compared, not bound


class SiteExists(Exception):
    """The database already holds a newsroom."""


class BadAnswer(ValueError):
    """An answer that cannot be used; the message says why and what would do."""


def clean_name(value):
    value = " ".join(value.split())
    if not value:
        raise BadAnswer("The newsroom needs a name, e.g. --name \"The Harbour Times\".")
    if len(value) > 120:
        raise BadAnswer(f"The name is {len(value)} characters long; 120 at most.")
    return value


def clean_tagline(value):
    value = " ".join(value.split())
    if len(value) > 200:
        raise BadAnswer(f"The tagline is {len(value)} characters long; 200 at most.")
    return value


def clean_time_zone(value):
    value = value.strip()
    zones = zoneinfo.available_timezones()
    if value in zones:
        return value
    close = difflib.get_close_matches(value, sorted(zones), n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(close)}?" if close else ""
    raise BadAnswer(
        f"{value!r} is not a time zone Dateline knows.{hint} Name it as the IANA time zone "
        "database does, e.g. Europe/London, America/New_York or Asia/Tehran.")


def clean_language(value):
    value = value.strip()
    languages = get_content_languages()
    if value in languages:
        return value
    known = ", ".join(f"{code} ({name})" for code, name in languages.items())
    raise BadAnswer(f"{value!r} is not one of the languages this installation publishes in: "
                    f"{known}.")


def clean_email(value):
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        raise BadAnswer(f"{value!r} is not an e-mail address, e.g. editor@example.org.") from None
    if len(value) > 150:
        raise BadAnswer("The e-mail address is longer than 150 characters.")
    return value


def clean_host(value):
    """(hostname, port) from ``news.example.org``, ``news.example.org:8443`` or an address such
    as ``https://news.example.org/``."""
    value = value.strip()
    if not value:
        return "localhost", 80
    wrong = BadAnswer(f"{value!r} is not a host name: give it as news.example.org, "
                      "news.example.org:8443 or https://news.example.org.")
    parts = urlsplit(value if "//" in value else f"//{value}")
    try:
        hostname, port = parts.hostname, parts.port
        URLValidator(schemes=["http", "https"])(f"{parts.scheme or 'http'}://{parts.netloc}/")
    except (ValueError, ValidationError):
        raise wrong from None
    if (parts.scheme not in ("", "http", "https") or parts.path.strip("/") or parts.query
            or parts.username or not hostname):
        raise wrong
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return hostname.lower(), port


@dataclass(frozen=True)
class SectionPath:
    """One section, and the titles of the sections it sits in (``Culture/Books``)."""

    titles: tuple


def clean_sections(value):
    """The sections of ``"Politics, Culture/Books, Culture/Film"``, parents first, each once.
    Two names for one address (``Politics`` and ``politics``) are refused, as are top-level
    sections that would take the address of a page every newsroom has."""
    paths = {}
    for item in value.split(","):
        if not item.strip():
            continue
        titles = tuple(" ".join(title.split()) for title in item.split("/"))
        if not all(titles):
            raise BadAnswer(f"{item.strip()!r} is not a section: write Parent/Child, with no "
                            "empty part.")
        for title in titles:
            if len(title) > 255:
                raise BadAnswer(f"The section name {title[:40]!r}… is longer than 255 "
                                "characters.")
            if not slug_form(title):
                raise BadAnswer(f"The section {title!r} needs a letter or a digit in its name.")
        address = tuple(slug_form(title) for title in titles)
        if address[0] in BUILT_PAGES:
            raise BadAnswer(f"A section named {titles[0]!r} would take the address "
                            f"/{address[0]}/, which is the {BUILT_PAGES[address[0]]}'s.")
        for depth in range(1, len(titles) + 1):
            known = paths.setdefault(address[:depth], titles[:depth])
            if known[-1] != titles[depth - 1]:
                raise BadAnswer(f"{known[-1]!r} and {titles[depth - 1]!r} would share the "
                                f"address /{'/'.join(address[:depth])}/; name the section once.")
    return [SectionPath(titles) for titles in paths.values()]


@dataclass
class NewSite:
    """The answers, cleaned; ``found()`` builds the newsroom from them."""

    name: str
    tagline: str = ""
    host: tuple = ("localhost", 80)
    time_zone: str = "UTC"
    language: str = "en"
    sections: list = field(default_factory=list)
    admin_email: str = ""

    @classmethod
    def from_answers(cls, *, name, tagline="", host="", time_zone="UTC", language="en",
                     sections="", admin_email=""):
        """Every answer cleaned, or BadAnswer naming the first that is wrong."""
        return cls(
            name=clean_name(name), tagline=clean_tagline(tagline), host=clean_host(host),
            time_zone=clean_time_zone(time_zone), language=clean_language(language),
            sections=clean_sections(sections),
            admin_email=clean_email(admin_email) if admin_email.strip() else "",
        )

    def found(self, *, replace=False):
        """Builds the newsroom in one transaction and returns what was made (``Founded``).
        Refuses with SiteExists, changing nothing, when the database holds a site, unless
        ``replace``: then the old site's pages are deleted first."""
        with transaction.atomic(), translation.override(self.language):
            if builders.holds_a_site():
                if not replace:
                    raise SiteExists(describe_existing_site())
                builders.clear_site()
            locale, _created = Locale.objects.get_or_create(language_code=self.language)
            home = builders.build_home(self.name, locale=locale)
            hostname, port = self.host
            builders.configure_site(home, name=self.name, hostname=hostname, port=port,
                                    tagline=self.tagline, time_zone=self.time_zone)
            sections = self.build_sections(home)
            builders.build_author_index(home, title=str(TITLES["authors"]))
            builders.build_topic_index(home, title=str(TITLES["topics"]))
            builders.build_on_this_day(home, title=str(TITLES["on-this-day"]))
            about = self.build_about(home)
            account, password = self.build_administrator()
        return Founded(home=home, sections=sections, about=about, account=account,
                       password=password)

    def build_sections(self, home):
        made = {}
        for path in self.sections:
            parent = made[path.titles[:-1]] if len(path.titles) > 1 else home
            title = path.titles[-1]
            made[path.titles] = builders.publish(parent, SectionPage(
                title=title, slug=slug_form(title),
                show_in_menus=len(path.titles) == 1))
        return list(made.values())

    def build_about(self, home):
        """An empty draft, never published as it is: the checklist and the copy desk ask for
        its text."""
        about = PlainPage(title=str(TITLES[ABOUT_SLUG]), slug=ABOUT_SLUG, live=False)
        home.add_child(instance=about)
        about.save_revision()
        return about

    def build_administrator(self):
        """(account, password): the account for ``admin_email``, made a superuser in the
        Administrators group with a new random password; or an existing account kept as it is,
        with no password."""
        if not self.admin_email:
            return None, None
        users = get_user_model()
        existing = users.objects.filter(username__iexact=self.admin_email).first() or \
            users.objects.filter(email__iexact=self.admin_email).first()
        if existing is not None:
            return existing, None
        password = secrets.token_urlsafe(12)
        # Signing in takes the user name as typed, and people type addresses in lower case.
        account = users.objects.create_superuser(self.admin_email.lower(), self.admin_email,
                                                 password)
        group = Group.objects.filter(name=ADMINISTRATORS).first()
        if group is not None:
            account.groups.add(group)
        return account, password


@dataclass(frozen=True)
class Founded:
    home: object
    sections: list
    about: object
    account: object
    password: str | None


def describe_existing_site():
    top = Page.get_first_root_node().get_children().exclude(
        pk__in=builders.welcome_pages().values("pk")).first()
    pages = Page.objects.filter(depth__gte=2).count()
    named = f" (\u201c{top.title}\u201d)" if top is not None else ""
    return f"this database already holds a site{named}: {pages} pages"


def is_local_host(hostname):
    return hostname.lower() in LOCAL_HOSTS
