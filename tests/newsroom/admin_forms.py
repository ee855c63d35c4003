"""What the admin's article editor posts, for tests that drive the real edit view."""

import json

from django.urls import reverse


def draftail(text):
    return json.dumps({"blocks": [{"key": "a", "text": text, "type": "unstyled", "depth": 0,
                                   "inlineStyleRanges": [], "entityRanges": []}],
                       "entityMap": {}})


def formset(name, rows=()):
    data = {f"{name}-TOTAL_FORMS": str(len(rows)), f"{name}-INITIAL_FORMS": "0",
            f"{name}-MIN_NUM_FORMS": "0", f"{name}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data |= {f"{name}-{index}-{key}": value for key, value in row.items()}
        data |= {f"{name}-{index}-ORDER": str(index + 1), f"{name}-{index}-DELETE": "",
                 f"{name}-{index}-id": ""}
    return data


def article_form(article, *, author, title=None, go_live_at="", action="action-publish"):
    """The edit form of ``article`` as an editor submits it; times as typed, "YYYY-MM-DD HH:MM"."""
    return {"title": title or article.title, "slug": article.slug,
            "standfirst": "Fewer crossings this winter.", "dateline_place": "BAKU",
            "body-count": "1", "body-0-type": "paragraph",
            "body-0-value": draftail("The ferry sails at noon from the new pier."),
            "body-0-deleted": "", "body-0-order": "0", "body-0-id": "",
            **formset("article_authors", [{"author": str(author.pk)}]),
            **formset("related_picks"), **formset("corrections"),
            "go_live_at": go_live_at, "expire_at": "", action: action}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
