"""The publish pipeline: the steps after a change to a page run in their declared order, the
ones after the commit once per page and transaction, never after a rollback, and what a step
remembers from before the change travels through the pipeline, never on the page."""

import logging

import pytest

from django.apps import apps
from django.db import connection, transaction

from wagtail.models import PageViewRestriction

from dateline.news import publishing
from dateline.news.models import ArticlePage
from dateline.news.publishing import AFTER_COMMIT, IN_TRANSACTION, Pipeline, Step
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified():
    """The changes the pipeline's last step, "notify", is handed."""
    changes = []
    publishing.plug("notify", changes.append)
    yield changes
    publishing.pipeline.unplug("notify")


@pytest.fixture
def handed_to_the_purge():
    """The changes handed to the purge step, which remembers as it does but purges nothing."""
    if not apps.is_installed("dateline.delivery"):
        pytest.skip("delivery purges")
    handed = []
    purge_step = publishing.pipeline.plugs["purge"]
    publishing.pipeline.unplug("purge")
    publishing.plug("purge", handed.append, remember=purge_step.remember)
    yield handed
    publishing.pipeline.unplug("purge")
    publishing.plug("purge", purge_step.run, remember=purge_step.remember)


@pytest.fixture
def story(newsroom):
    article = factories.ArticlePageFactory(parent=newsroom.section, slug="ferry",
                                           title="Ferry returns", draft=True)
    article.save_revision()
    return article


@pytest.fixture
def pipeline_of():
    """A pipeline of its own over the given steps, listening for the test's length."""
    made = []

    def make(*steps):
        pipeline = Pipeline(steps)
        pipeline.listen()
        made.append(pipeline)
        return pipeline

    yield make
    for pipeline in made:
        pipeline.stop_listening()


def test_the_steps_are_declared_in_one_place_in_the_order_they_run():
    assert [(step.name, step.phase) for step in publishing.STEPS] == [
        ("record", IN_TRANSACTION),
        ("search index", IN_TRANSACTION),
        ("edition", AFTER_COMMIT),
        ("breaking news", AFTER_COMMIT),
        ("related news", AFTER_COMMIT),
        ("sitemaps", AFTER_COMMIT),
        ("purge", AFTER_COMMIT),
        ("notify", AFTER_COMMIT),
    ]


def test_each_installed_app_plugs_its_own_step_by_name():
    plugged_by = {
        "record": "dateline.news.signal_handlers",
        "search index": "dateline.discovery.search.signal_handlers",
        "edition": "dateline.news.signal_handlers",
        "breaking news": "dateline.newsroom.signal_handlers",
        "related news": "dateline.discovery.related.signal_handlers",
        "sitemaps": "dateline.discovery.sitemap_counts",
        "purge": "dateline.delivery.signal_handlers",
    }
    installed = {name: module for name, module in plugged_by.items()
                 if apps.is_installed(".".join(module.split(".")[:2]))}
    assert {name: plug.run.__module__
            for name, plug in publishing.pipeline.plugs.items()} == installed


def test_a_step_the_pipeline_does_not_declare_cannot_be_plugged():
    with pytest.raises(publishing.ImproperlyConfigured, match="no step 'index'"):
        publishing.plug("index", print)


def test_the_declared_order_holds_whatever_the_plug_order(
        story, pipeline_of, django_capture_on_commit_callbacks):
    ran = []
    pipeline = pipeline_of(Step("first", IN_TRANSACTION, ""), Step("second", AFTER_COMMIT, ""),
                           Step("third", AFTER_COMMIT, ""))
    pipeline.plug("third", lambda change: ran.append("third"))
    pipeline.plug("second", lambda change: ran.append("second"))
    pipeline.plug("first", lambda change: ran.append("first"))
    with django_capture_on_commit_callbacks(execute=True):
        story.get_latest_revision().publish()
    assert ran == ["first", "second", "third"]


def test_a_page_published_twice_in_one_transaction_is_one_change_after_the_commit(
        story, notified, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        story.get_latest_revision().publish()
        story.title = "Ferry returns to Baku"
        story.save_revision().publish()
        assert notified == []
    assert [(change.page_id, change.kinds) for change in notified] == [
        (story.pk, {publishing.PUBLISHED})]
    assert notified[0].page.title == "Ferry returns to Baku"


def test_a_deletion_wagtail_signals_several_times_is_one_change(
        story, notified, django_capture_on_commit_callbacks):
    story.get_latest_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=story.pk).delete()
    assert [(change.page_id, change.kinds, change.page) for change in notified] == [
        (story.pk, {publishing.UNPUBLISHED, publishing.DELETED}, None)]


def test_nothing_runs_after_the_commit_when_the_transaction_rolls_back(
        story, notified, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            story.get_latest_revision().publish()
            raise RuntimeError("the editor's request failed after publishing")
    assert notified == []
    assert not ArticlePage.objects.get(pk=story.pk).live

    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=story.pk).get_latest_revision().publish()
    assert [change.kinds for change in notified] == [{publishing.PUBLISHED}]


def test_after_commit_steps_run_once_the_publishing_transaction_has_closed_and_read_its_rows(
        story, django_capture_on_commit_callbacks):
    # Tests run inside a transaction of their own: a block the test opens stands for the
    # publishing transaction (real commits would need a transactional test, whose flush breaks
    # the serialized rollback of tests/newsroom/test_roles.py after it).
    test_depth = len(connection.savepoint_ids)
    seen = []

    def read_committed(change):
        seen.append((len(connection.savepoint_ids) == test_depth,
                     ArticlePage.objects.get(pk=change.page_id).title, change.page.title))

    publishing.plug("notify", read_committed)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                story.title = "Ferry returns to Baku"
                story.save_revision().publish()
                assert seen == []
            assert seen == []
    finally:
        publishing.pipeline.unplug("notify")
    assert seen == [(True, "Ferry returns to Baku", "Ferry returns to Baku")]


def test_the_purge_is_handed_where_the_live_version_showed_by_the_pipeline(
        newsroom, story, handed_to_the_purge, django_capture_on_commit_callbacks):
    from dateline.delivery import signal_handlers as delivery_signal_handlers

    story.get_latest_revision().publish()
    page = ArticlePage.objects.get(pk=story.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.move(newsroom.other_section, pos="last-child")
    page = ArticlePage.objects.get(pk=story.pk)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()  # saves this very instance
    moved, unpublished = handed_to_the_purge
    assert "http://localhost/caucasus/ferry/" in moved.before.urls
    assert "http://localhost/world/ferry/" not in moved.before.urls
    assert moved.page.url == "/world/ferry/"
    assert "http://localhost/world/ferry/" in unpublished.before.urls
    assert not unpublished.page.live
    assert not [name for name, value in vars(page).items()
                if isinstance(value, (set, frozenset, delivery_signal_handlers.Shown))]
    assert not hasattr(delivery_signal_handlers, "URLS_BEFORE")


def test_outside_a_transaction_each_change_runs_at_once_with_the_state_from_before_it(
        newsroom, story, handed_to_the_purge, monkeypatch):
    """Scripts publish with no transaction around them; Wagtail saves a page in an atomic block
    of its own, and moves it in another after announcing the move. Here the test's own
    transaction stands for autocommit: the pipeline sees a transaction only in blocks opened
    inside it."""
    test_depth = len(connection.savepoint_ids)
    monkeypatch.setattr(publishing, "in_transaction",
                        lambda: len(connection.savepoint_ids) > test_depth)
    story.get_latest_revision().publish()
    ArticlePage.objects.get(pk=story.pk).move(newsroom.other_section, pos="last-child")
    assert len(handed_to_the_purge) == 2
    ArticlePage.objects.get(pk=story.pk).unpublish()
    published, moved, unpublished = handed_to_the_purge
    assert (published.kinds, published.before) == ({publishing.PUBLISHED}, None)
    assert "http://localhost/caucasus/ferry/" in moved.before.urls
    assert "http://localhost/world/ferry/" not in moved.before.urls
    assert "http://localhost/world/ferry/" in unpublished.before.urls


def test_privacy_is_a_change_remembered_before_the_restriction_is_saved(
        story, notified, django_capture_on_commit_callbacks):
    story.get_latest_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=story,
                                           restriction_type=PageViewRestriction.LOGIN)
    assert [(change.page_id, change.kinds) for change in notified] == [
        (story.pk, {publishing.PRIVACY})]


def test_a_failing_step_is_logged_and_the_later_steps_still_run(
        story, pipeline_of, caplog, django_capture_on_commit_callbacks):
    ran = []

    def fail(change):
        raise ValueError("the newsletter service is down")

    pipeline = pipeline_of(Step("notify", AFTER_COMMIT, ""), Step("purge", AFTER_COMMIT, ""))
    pipeline.plug("notify", fail)
    pipeline.plug("purge", lambda change: ran.append(change.page_id))
    with caplog.at_level(logging.ERROR, logger="dateline.news.publishing"), \
            django_capture_on_commit_callbacks(execute=True):
        story.get_latest_revision().publish()
    assert ran == [story.pk]
    assert "'notify' step of the publish pipeline failed" in caplog.text
    assert "the newsletter service is down" in caplog.text


def test_a_step_failing_in_the_transaction_fails_the_publish(story, pipeline_of):
    def fail(change):
        raise ValueError("the search index is full")

    pipeline_of(Step("search index", IN_TRANSACTION, "")).plug("search index", fail)
    with pytest.raises(ValueError), transaction.atomic():
        story.get_latest_revision().publish()
    assert not ArticlePage.objects.get(pk=story.pk).live
