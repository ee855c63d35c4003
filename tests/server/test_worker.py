import pytest

from django.core.management import call_command
from django.test import override_settings

from wagtail.tasks import update_reference_index_task

from dateline.news.models import ArticlePage
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
