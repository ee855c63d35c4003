"""The archived discussion under an imported story, plugged into news' ``after_story`` slot."""

from django import template
from django.template.loader import render_to_string

from dateline.importers.models import ArchivedComment
from dateline.news import edition

register = template.Library()


@register.simple_tag
def archived_discussion(page):
    """The page's archived comments, threaded; read once per edition, as they only change
    when an import publishes the page again or an editor withdraws one (a new edition)."""
    if page is None or not getattr(page, "pk", None):
        return ""
    def render():
        comments = list(ArchivedComment.objects.filter(page_id=page.pk))
        if not comments:
            return ""
        replies = {}
        for comment in comments:
            replies.setdefault(comment.parent_id, []).append(comment)
        return render_to_string("importers/archived_discussion.html", {
            "threads": [thread(comment, replies) for comment in replies.get(None, [])],
            "count": sum(not comment.withdrawn for comment in comments),
        })

    # A page's id names it on every site.
    return edition.remembered("archived-discussion", "all", render, page.pk)


def thread(comment, replies):
    return {"comment": comment,
            "replies": [thread(reply, replies) for reply in replies.get(comment.pk, [])]}
