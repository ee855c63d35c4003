"""What the kill tests' `dateline` subprocesses do: set up a newsroom, publish until killed,
and report what the database holds afterwards (as JSON on stdout).

Run through ``SharedDatabase.scene`` (tests/conftest.py), in `dateline shell`.
"""

import datetime
import json
import os
import sys

from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.utils import timezone

from wagtail.models import Page, PageLogEntry

from dateline.news.models import ArticlePage
from tests import factories
from tests.admin_forms import PUBLISH, article_form, edit_url

PUBLISHED = ("wagtail.publish", "wagtail.publish.scheduled")


def build_newsroom():
    site, _ = factories.fresh_site()
    home = site.root_page
    factories.SectionPageFactory(parent=home, title="Caucasus", slug="caucasus")
    authors = factories.AuthorIndexPageFactory(parent=home)
    factories.AuthorPageFactory(parent=authors, title="Nino Kapanadze")
    get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-1")


def schedule_stories(count, lead_seconds, apart_seconds=0):
    """Drafts, each scheduled by an editor to go live ``lead_seconds`` after it was written,
    or one ``apart_seconds`` after another from then on."""
    build_newsroom()
    section = Page.objects.get(slug="caucasus")
    first = timezone.now() + datetime.timedelta(seconds=lead_seconds)
    for number in range(count):
        story = factories.ArticlePageFactory(parent=section, draft=True, slug=f"story-{number}")
        story.go_live_at = max(timezone.now() + datetime.timedelta(seconds=lead_seconds),
                               first + datetime.timedelta(seconds=apart_seconds * number))
        story.save_revision().publish()
    _report({"last_due": story.go_live_at.isoformat()})


def publish_stories(count):
    build_newsroom()
    section = Page.objects.get(slug="caucasus")
    for number in range(count):
        story = factories.ArticlePageFactory(parent=section, draft=True, slug=f"story-{number}")
        story.save_revision().publish()


def keep_publishing():
    """Forks a child that publishes the stories through the admin's edit view, edition after
    edition, and when it dies (killed by the test) forks the next one."""
    connections.close_all()  # each child opens its own connection
    while True:
        child = os.fork()
        if child == 0:
            _publish_forever()
        _, status = os.waitpid(child, 0)
        if not os.WIFSIGNALED(status):
            sys.exit("the publishing child stopped without being killed")


def _publish_forever():
    client = Client()
    client.force_login(get_user_model().objects.get(username="chief"))
    author = Page.objects.get(title="Nino Kapanadze")
    client.get(edit_url(ArticlePage.objects.first()))  # connected and warm: publishing is next
    sys.stdout.write(f"{os.getpid()}\n")
    sys.stdout.flush()
    edition = 0
    while True:
        edition += 1
        for story in ArticlePage.objects.order_by("pk"):
            response = client.post(edit_url(story), article_form(
                story, authors=[author], title=f"Ferry news, edition {edition}", **PUBLISH))
            if response.status_code != 302:
                sys.stderr.write(f"publishing {story.slug} answered {response.status_code}\n")
                os._exit(1)


def report_disagreements():
    """Every story whose live content, latest revision, publish log and schedule disagree."""
    found = []
    for story in ArticlePage.objects.order_by("pk"):
        latest = story.get_latest_revision()
        problems = []
        if not story.live or story.live_revision_id != latest.pk:
            problems.append("the live revision is not the latest")
        if story.has_unpublished_changes:
            problems.append("unpublished changes")
        if story.title != latest.content["title"]:
            problems.append("the live title is not the latest revision's")
        if not PageLogEntry.objects.filter(page=story, action__in=PUBLISHED,
                                           revision_id=story.live_revision_id).exists():
            problems.append("no publish log entry for the live revision")
        if story.revisions.filter(approved_go_live_at__isnull=False).exists():
            problems.append("a published story still has a schedule")
        if problems:
            found.append({"slug": story.slug, "problems": problems})
    publishes = PageLogEntry.objects.filter(action__in=PUBLISHED).count()
    _report({"disagreements": found, "publishes": publishes})


def report_scheduled_outcome():
    """How many times each scheduled story went live, and what is still waiting."""
    stories = ArticlePage.objects.order_by("pk")
    _report({
        "stories": stories.count(),
        "live": stories.filter(live=True).count(),
        "live_revision_is_the_only_one": sum(
            story.live_revision_id == story.latest_revision_id == story.revisions.get().pk
            for story in stories),
        "publish_log_entries": sorted(
            PageLogEntry.objects.filter(page__in=stories, action__in=PUBLISHED)
            .values_list("page_id", flat=True)),
        "still_scheduled": sum(
            story.revisions.filter(approved_go_live_at__isnull=False).exists()
            for story in stories),
        "story_ids": [story.pk for story in stories],
    })


def _report(facts):
    sys.stdout.write(json.dumps(facts) + "\n")
