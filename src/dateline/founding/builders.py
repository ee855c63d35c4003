"""The pages every newsroom has, built under its home page: used by `dateline new_site` for an
empty newsroom and by the demo for The Caspian Ledger."""

from django.db.models import Q

from wagtail.models import Locale, Page, Site

from dateline.almanac.models import OnThisDayPage
from dateline.news.models import AuthorIndexPage, HomePage, SiteSettings, TopicIndexPage


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def welcome_pages():
    """Wagtail's first migration leaves a "Welcome" page, a plain ``Page`` with no children,
    under the root (and the default site pointing at it)."""
    return Page.objects.filter(depth=2, numchild=0, content_type__model="page",
                               content_type__app_label="wagtailcore")


def clear_site():
    """Deletes every page but the root; the sites wait on the root for a new home page."""
    root = tree_root()
    Site.objects.update(root_page=root)
    for page in root.get_children():
        page.delete()


def holds_a_site():
    """Whether the database holds pages beyond the root and Wagtail's Welcome page."""
    return Page.objects.filter(depth__gte=2).exclude(
        pk__in=welcome_pages().values("pk")).exists()


def tree_root():
    """The root of the page tree, made again if a database flush removed it with the rest."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def build_home(title, *, locale=None):
    """A published home page under the root, made the root of the sites that served the
    Welcome page or the root itself. The Welcome page goes, which would take its sites with it:
    they wait on the root meanwhile, and its slug, ``home``, is free for the new page."""
    root = tree_root()
    welcome = list(welcome_pages())
    sites = list(Site.objects.filter(Q(root_page__in=welcome) | Q(root_page=root))
                 .values_list("pk", flat=True))
    Site.objects.filter(pk__in=sites).update(root_page=root)
    for page in welcome:
        page.delete()
    home = HomePage(title=title, slug="home")
    if locale is not None:
        home.locale = locale
    publish(root, home)
    Site.objects.filter(pk__in=sites).update(root_page=home)
    return home


def configure_site(home, *, name, hostname=None, port=None, tagline="", about_blurb="",
                   time_zone="UTC"):
    """The default site, serving ``home``, and its settings; returns the settings. The site
    keeps its host name and port unless they are given."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, hostname="localhost", port=80)
    site.root_page = home
    site.site_name = name
    site.hostname = hostname or site.hostname
    site.port = port or site.port
    site.save()
    settings = SiteSettings.for_site(site)
    settings.name = name
    settings.tagline = tagline
    settings.about_blurb = about_blurb
    settings.time_zone = time_zone
    settings.full_clean()
    settings.save()
    return settings


def build_author_index(home, *, title="Authors", intro=""):
    return publish(home, AuthorIndexPage(title=title, slug="authors", intro=intro))


def build_topic_index(home, *, title="Topics"):
    return publish(home, TopicIndexPage(title=title, slug="topics"))


def build_on_this_day(home, *, title="On This Day"):
    return publish(home, OnThisDayPage(title=title, slug="on-this-day"))


def build_edition(home, language_code, *, title):
    """The front page of another language's edition of ``home``'s site (the Persian edition):
    a translation of ``home`` under the root, in that language's locale, slug the language
    code. Its pages go below it and are served under the language's prefix (``/fa/``)."""
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    return publish(tree_root(), HomePage(title=title, slug=language_code, locale=locale,
                                         translation_key=home.translation_key))


def translate(page, parent, translation):
    """``translation`` published under ``parent`` (in the other edition) as ``page``'s
    translation: the two are then each other's alternates and the edition switch's target."""
    translation.translation_key = page.translation_key
    return publish(parent, translation)
