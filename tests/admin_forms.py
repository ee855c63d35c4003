"""What the admin's article editor posts, for tests that drive the real add and edit views."""

import json

from django.urls import reverse

PUBLISH = {"action-publish": "action-publish"}


def draftail(*texts, links=()):
    """Rich text as Draftail posts it: a paragraph per text, the n-th linked to ``links[n]``
    where one is given."""
    blocks, entities = [], {}
    for index, text in enumerate(texts):
        ranges = []
        if index < len(links) and links[index]:
            entities[str(index)] = {"type": "LINK", "mutability": "MUTABLE",
                                    "data": {"url": links[index]}}
            ranges = [{"offset": 0, "length": len(text), "key": index}]
        blocks.append({"key": f"k{index}", "text": text, "type": "unstyled", "depth": 0,
                       "inlineStyleRanges": [], "entityRanges": ranges})
    return json.dumps({"blocks": blocks, "entityMap": entities})


def formset(prefix, rows=()):
    """An inline formset as posted: each row kept in its order; a row with an "id" is one that
    exists already."""
    rows = [{"ORDER": str(order), "DELETE": "", "id": "", **row}
            for order, row in enumerate(rows, start=1)]
    management = {"TOTAL_FORMS": len(rows), "INITIAL_FORMS": sum(1 for row in rows if row["id"]),
                  "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}
    data = {f"{prefix}-{key}": str(value) for key, value in management.items()}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def body(paragraph):
    """A body of one paragraph, as the page editor's stream field posts it."""
    return {"body-count": "1", "body-0-type": "paragraph", "body-0-value": draftail(paragraph),
            "body-0-deleted": "", "body-0-order": "0", "body-0-id": ""}


def article_form(article, *, authors=None,
                 paragraph="Ferries will run twice a day from December.", **fields):
    """The form as it would be posted for ``article``, with one paragraph of body text.

    ``article`` may be unsaved, for the add form; ``authors`` replaces its bylines. ``fields``
    replace or add fields: pass a button, e.g. ``**PUBLISH``, to do more than save, or
    ``go_live_at="YYYY-MM-DD HH:MM"`` as an editor types it.
    """
    if authors is None:
        bylines = [{"author": str(byline.author_id), "id": str(byline.pk)}
                   for byline in article.article_authors.all()]
    else:
        bylines = [{"author": str(author.pk)} for author in authors]
    form = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "dateline_place": article.dateline_place,
        **body(paragraph),
        **formset("article_authors", bylines),
        **formset("related_picks"),
        **formset("corrections"),
    }
    form.update(fields)
    return form


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
