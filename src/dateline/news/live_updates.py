"""Posting and withdrawing a live blog's updates: each one a new revision of the live blog,
made from its live version, so that a draft of the key points is not published with it.

The newsroom's composer decides who may publish at once and runs the copy desk; the demo's
worker and the benchmarks post through the same two functions.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

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


def post_update(blog, body, *, author=None, pinned=False, is_correction=False, user=None,
                publish=True):
    """Adds an update (``body``: stream data, e.g. ``paragraphs(text)``); returns the revision,
    published when ``publish``."""
    def add(page):
        page.live_updates.add(LiveBlogUpdate(
            body=body, author=author, pinned=pinned, is_correction=is_correction,
            posted_at=timezone.now()))

    with transaction.atomic():
        revision = new_revision(blog, user, add)
        if publish:
            revision.publish(user=user)
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
        revision = new_revision(blog, user, withdraw)
        revision.publish(user=user)
    return revision
