"""What the served page-cache tests' `dateline shell` subprocesses do (see SharedDatabase.scene
in tests/conftest.py): build a small site, and publish or edit a story from another process."""

import datetime
import json
import sys

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from wagtail.models import PageViewRestriction

from dateline.news.models import ArticleCorrection, ArticlePage, SectionPage
from tests import factories
from tests.admin_forms import PUBLISH, article_form, edit_url


def build_site():
    """A section with a published story and a draft, and an editor; prints the draft's admin
    form as the editor would post it."""
    site, _ = factories.fresh_site()
    home = site.root_page
    section = factories.SectionPageFactory(parent=home, title="Caucasus", slug="caucasus")
    authors = factories.AuthorIndexPageFactory(parent=home)
    author = factories.AuthorPageFactory(parent=authors, title="Nino Kapanadze")
    factories.ArticlePageFactory(parent=section, slug="ferry", title="Ferry returns to Baku")
    draft = factories.ArticlePageFactory(parent=section, slug="bridge", draft=True,
                                         title="Bridge plans")
    get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-1")
    sys.stdout.write(json.dumps({
        "edit_path": edit_url(draft),
        "form": article_form(draft, authors=[author], title="Bridge reopens to traffic",
                             **PUBLISH),
    }) + "\n")


def publish_story(slug, title):
    """Publishes a new version of a story, as the worker or a script would."""
    story = ArticlePage.objects.get(slug=slug)
    story.title = title
    story.save_revision().publish()
    connection.close()


def unpublish_story(slug):
    ArticlePage.objects.get(slug=slug).unpublish()
    connection.close()


def restrict_story(slug):
    """Makes a story visible to signed-in people only, as an editor's privacy setting does."""
    PageViewRestriction.objects.create(page=ArticlePage.objects.get(slug=slug),
                                       restriction_type=PageViewRestriction.LOGIN)
    connection.close()


def add_stories_slugged(*slugs):
    """Published stories in the section, one per slug (in any script)."""
    section = SectionPage.objects.get(slug="caucasus")
    for slug in slugs:
        factories.ArticlePageFactory(parent=section, slug=slug, title=f"Story {slug}")
    connection.close()


def publish_stories(slugs, title_suffix):
    for slug in slugs:
        story = ArticlePage.objects.get(slug=slug)
        story.title = f"{story.title} {title_suffix}"
        story.save_revision().publish()
    connection.close()


def correct_stories(slugs, text):
    for slug in slugs:
        story = ArticlePage.objects.get(slug=slug)
        story.corrections.add(ArticleCorrection(
            kind=ArticleCorrection.Kind.CORRECTION, text=text,
            noted_at=timezone.now() - datetime.timedelta(minutes=1)))
        story.save_revision().publish()
    connection.close()


def unpublish_stories(slugs):
    for slug in slugs:
        ArticlePage.objects.get(slug=slug).unpublish()
    connection.close()
