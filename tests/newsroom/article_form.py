"""What the article edit form posts for a given page, keeping its bylines, with any button or
none (``admin_forms.article_form`` is the scheduling tests' editor, who always presses one)."""

from tests.newsroom.admin_forms import draftail


def article_form(article, *, authors=None,
                 paragraph="Ferries will run twice a day from December.", **fields):
    """The form as it would be posted for ``article``, with one paragraph of body text.

    ``article`` may be unsaved, for the add form; ``authors`` replaces its bylines. Pass a
    button, e.g. ``**{"action-publish": "action-publish"}``, to do more than save.
    """
    if authors is None:
        bylines = [(byline.author_id, byline.pk) for byline in article.article_authors.all()]
    else:
        bylines = [(author.pk, "") for author in authors]
    form = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "dateline_place": article.dateline_place,
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": draftail(paragraph),
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        **formset("article_authors", [
            {"author": str(author_id), "ORDER": str(order), "DELETE": "",
             "id": str(byline_id)}
            for order, (author_id, byline_id) in enumerate(bylines, start=1)
        ]),
        **formset("related_picks", []),
        **formset("corrections", []),
    }
    form.update(fields)
    return form


def formset(prefix, rows):
    existing = sum(1 for row in rows if row.get("id"))
    management = {"TOTAL_FORMS": len(rows), "INITIAL_FORMS": existing, "MIN_NUM_FORMS": 0,
                  "MAX_NUM_FORMS": 1000}
    data = {f"{prefix}-{key}": str(value) for key, value in management.items()}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data
