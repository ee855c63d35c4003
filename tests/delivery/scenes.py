"""What the served page-cache tests' `dateline shell` subprocesses do (see SharedDatabase.scene
in tests/conftest.py): build a small site, and publish or edit a story from another process."""

import json
import sys

from django.contrib.auth import get_user_model
from django.db import connection

from dateline.news.models import ArticlePage
from tests import factories
from tests.newsroom.admin_forms import article_form, edit_url


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
        "form": article_form(draft, author=author, title="Bridge reopens to traffic"),
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
