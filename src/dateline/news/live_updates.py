"""Posting and withdrawing a live blog's updates: each one a new revision of the live blog,
made from its live version, so that a draft of the key points is not published with it.

What waited unpublished when an update was published (a contributor's update in review, a
draft of the key points) is saved again as the newest revision afterwards, and sent for
review again when it was in review: an approval publishes the newest revision, the page
editor opens it, and publishing cancels a review in progress, so otherwise the waiting update
was lost. Publishing that revision later keeps the updates published meanwhile
(``LiveBlogPage.save``).

The newsroom's composer decides who may publish at once and runs the copy desk; the demo's
worker and the benchmarks post through the same two functions.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page

from dateline.news.models import LiveBlogPage, LiveBlogUpdate


def paragraphs(text):
    """Plain text as paragraph blocks, one per blank-line-separated paragraph."""
    return [("paragraph",
             "<p>" + "<br>".join(escape(line) for line in part.strip().split("\n")) + "</p>")
            for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def new_revision(blog, user=None, change=None):
    """A revision of ``blog``'s live version with ``change(page)`` applied."""
    page = LiveBlogPage.objects.get(pk=blog.pk)
    change(page)
    return page.save_revision(user=user, log_action=True, clean=False)


def pending_revision(blog):
    """The newest revision when it is newer than the live one: what waits unpublished."""
    # Read afresh: the caller's copy of the page may be older than the last revision.
    page = Page.objects.select_related("latest_revision").get(pk=blog.pk)
    if page.latest_revision is None or page.latest_revision_id == page.live_revision_id:
        return None
    return page.latest_revision


def publish_keeping(revision, pending, user=None):
    """Publishes ``revision`` (made from the live version), then saves ``pending`` again on
    top of it, with the updates just published, as the newest revision; back in review when
    it was (publishing cancels the review in progress)."""
    if pending is None:
        revision.publish(user=user)
        return
    in_review = LiveBlogPage.objects.get(pk=revision.object_id).workflow_in_progress
    revision.publish(user=user)
    page = pending.as_object()
    published = {update.pk: update for update in
                 LiveBlogPage.objects.get(pk=page.pk).live_updates.all()}
    waiting = list(page.live_updates.all())
    for update in waiting:
        # A withdrawal wins over the waiting copy of an update.
        if update.pk in published and published[update.pk].withdrawn:
            update.withdrawn = True
    held = {update.pk for update in waiting}
    page.live_updates = waiting + [update for pk, update in published.items() if pk not in held]
    page.save_revision(user=pending.user, clean=False)
    if in_review:
        page.get_workflow().start(page, pending.user)


def post_update(blog, body, *, author=None, pinned=False, is_correction=False, user=None,
                publish=True):
    """Adds an update (``body``: stream data, e.g. ``paragraphs(text)``); returns the revision,
    published when ``publish``."""
    def add(page):
        page.live_updates.add(LiveBlogUpdate(
            body=body, author=author, pinned=pinned, is_correction=is_correction,
            posted_at=timezone.now()))

    with transaction.atomic():
        pending = pending_revision(blog)
        revision = new_revision(blog, user, add)
        if publish:
            publish_keeping(revision, pending, user)
    return revision


def withdraw_update(blog, sequence, *, user=None):
    """Takes the update numbered ``sequence`` down at once: a published revision without it,
    which the publish pipeline purges from every cache, hard."""
    def withdraw(page):
        updates = list(page.live_updates.all())
        for update in updates:
            if update.sequence == sequence:
                update.withdrawn = True
        page.live_updates = updates  # held in memory, as the revision is made from them

    with transaction.atomic():
        pending = pending_revision(blog)
        revision = new_revision(blog, user, withdraw)
        publish_keeping(revision, pending, user)
    return revision
