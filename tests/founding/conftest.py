import pytest

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Locale, Page, Site

WELCOME = "Welcome to your new Wagtail site!"


@pytest.fixture
def fresh_database(db):
    """The database as `dateline migrate` leaves it: Wagtail's root, its Welcome page and a
    default site serving it, and the newsroom's groups; nothing else. A transactional test's
    flush may have taken some of it, which is made again."""
    if not ContentType.objects.exists():
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
    ContentType.objects.clear_cache()
    Locale.objects.get_or_create(language_code="en")
    for name in ("Contributors", "Editors", "Administrators"):
        Group.objects.get_or_create(name=name)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.all().delete()
    for page in root.get_children():
        page.delete()
    welcome = root.add_child(instance=Page(title=WELCOME, slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=welcome, is_default_site=True)
    return welcome


def tree():
    """The page tree as (depth, slug, type, live, in menu) rows, to compare before and after."""
    return [(page.depth, page.slug, page.content_type.model, page.live, page.show_in_menus)
            for page in Page.objects.order_by("path").select_related("content_type")]
