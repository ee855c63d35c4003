"""A story without a byline.

Warns rather than blocks: agency copy and staff editorials run unsigned on purpose, but an
empty byline on a reporter's story is usually an omission.
"""

from dateline.copydesk.findings import knows, warn

NAME = "byline"


@knows()
def check(copy):
    bylines = getattr(copy.subject, "article_authors", None)
    if bylines is not None and not bylines.all():
        yield warn(NAME, "Bylines", "",
                   "The story has no byline. Add its author, unless it runs unsigned on "
                   "purpose (agency copy, an editorial).")
