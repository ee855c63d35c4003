"""What the reliability tests' `dateline shell` subprocesses do: build a staffed newsroom and
report what the database holds afterwards, as JSON on stdout (see SharedDatabase in
tests/conftest.py)."""

import datetime
import importlib
import json
import sys

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Collection, Revision

from dateline.news.models import ArticlePage, AuthorPage
from tests import factories
from tests.admin_forms import PUBLISH, article_form, edit_url, formset
from tests.almanac.factories import OnThisDayPageFactory

ROLES = ("contributor", "editor", "administrator")


def password(username):
    return f"pw-{username}-1"


def build_staffed_newsroom(editors=0, drafts_each=0, scheduled=0, scheduled_in_seconds=10,
                           contributors=0):
    """A section with a published story; one account per role, plus ``editors`` editors each
    with ``drafts_each`` drafts of their own, and ``contributors`` contributors; ``scheduled``
    stories due to go live soon. Prints each editor's drafts as their edit forms, and the
    collection pictures go to."""
    site, _ = factories.fresh_site()
    if not Group.objects.filter(name="Contributors").exists():
        # A transactional test's flush on PostgreSQL takes the groups the roles migration made,
        # and the root collection they are given permissions on.
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        importlib.import_module("dateline.newsroom.migrations.0002_roles").create_roles(apps,
                                                                                       None)
    home = site.root_page
    section = factories.SectionPageFactory(parent=home, title="Caucasus", slug="caucasus")
    authors = factories.AuthorIndexPageFactory(parent=home)
    author = factories.AuthorPageFactory(parent=authors, title="Nino Kapanadze")
    factories.ArticlePageFactory(parent=section, slug="ferry", title="Ferry returns to Baku",
                                 authors=[author])
    factories.PlainPageFactory(parent=home)
    OnThisDayPageFactory(parent=home)
    _staff("chief", superuser=True)
    for role in ROLES:
        _staff(role, **{role: True})
    desks = {}
    for number in range(editors):
        editor = _staff(f"desk-{number}", editor=True)
        desks[editor.username] = []
        for draft in range(drafts_each):
            story = factories.ArticlePageFactory(
                parent=section, draft=True, owner=editor, authors=[author],
                slug=f"desk-{number}-story-{draft}", title=f"Desk {number} story {draft}")
            form = article_form(story, authors=[author], **PUBLISH)
            desks[editor.username].append({"edit_path": edit_url(story), "form": form})
    for number in range(contributors):
        _staff(f"stringer-{number}", contributor=True)
    for number in range(scheduled):
        story = factories.ArticlePageFactory(parent=section, draft=True, authors=[author],
                                             slug=f"scheduled-{number}")
        story.go_live_at = timezone.now() + datetime.timedelta(seconds=scheduled_in_seconds)
        story.save_revision().publish()
    _report({"desks": desks, "collection": Collection.get_first_root_node().pk,
             "passwords": {user.username: password(user.username)
                           for user in get_user_model().objects.all()}})


def report_titles():
    """Every title any revision of any article holds, and the scheduled stories now live."""
    titles = set()
    for content in Revision.objects.values_list("content", flat=True):
        titles.add(content.get("title"))
    _report({"revision_titles": sorted(title for title in titles if title),
             "scheduled_live": ArticlePage.objects.filter(slug__startswith="scheduled-",
                                                          live=True).count()})


def story_to_correct(text):
    """The published story's page id, and its edit form as an editor posts it to publish a
    correction note reading ``text``."""
    story = ArticlePage.objects.get(slug="ferry")
    author = AuthorPage.objects.get(title="Nino Kapanadze")
    form = {**article_form(story, authors=[author], **PUBLISH),
            **formset("corrections", [{"kind": "correction", "noted_at": "2026-01-02 10:00",
                                       "text": text}])}
    _report({"id": story.pk, "edit_path": edit_url(story), "correction_form": form})


def _staff(username, **role):
    user = factories.UserFactory(username=username, **role)
    user.set_password(password(username))
    user.save()
    return user


def _report(facts):
    sys.stdout.write(json.dumps(facts) + "\n")
