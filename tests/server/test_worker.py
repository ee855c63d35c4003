import datetime
from unittest import mock

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail.tasks import update_reference_index_task

from dateline.news.models import ArticlePage
from dateline.server.locks import exclusive
from dateline.server.management.commands.worker import PUBLISHING_LOCK_SECONDS, publish_scheduled
from tests.factories import ArticlePageFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks_from_the_database(newsroom):
    article = ArticlePageFactory(parent=newsroom.section)
    with override_settings(TASKS=DATABASE_QUEUE):
        result = update_reference_index_task.enqueue("news", "articlepage", article.pk)
        assert result.status == "READY"
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert ArticlePage.objects.filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_the_worker_in_batch_mode_first_publishes_the_stories_that_are_due(newsroom):
    if connection.vendor == "postgresql":
        pytest.skip("the worker closes a connection it finds in a transaction: the test's own")
    story = ArticlePageFactory(parent=newsroom.section, draft=True)
    story.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    story.save_revision().publish()
    later = timezone.now() + datetime.timedelta(minutes=6)
    with override_settings(TASKS=DATABASE_QUEUE), mock.patch("django.utils.timezone.now",
                                                             return_value=later):
        call_command("worker", batch=True, no_startup_delay=True, verbosity=0)
    assert ArticlePage.objects.get(pk=story.pk).live


@pytest.mark.django_db
def test_a_worker_skips_the_publishing_round_another_worker_is_doing(newsroom):
    story = ArticlePageFactory(parent=newsroom.section, draft=True)
    story.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    story.save_revision().publish()
    later = timezone.now() + datetime.timedelta(minutes=6)
    with mock.patch("django.utils.timezone.now", return_value=later):
        with exclusive("scheduled-publishing", PUBLISHING_LOCK_SECONDS) as held:
            assert held
            assert publish_scheduled() is None
        assert not ArticlePage.objects.get(pk=story.pk).live
        assert publish_scheduled().published == 1
    assert ArticlePage.objects.get(pk=story.pk).live
