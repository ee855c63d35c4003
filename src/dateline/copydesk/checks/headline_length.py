"""A headline longer than the limit the site sets (``DATELINE_HEADLINE_MAX_LENGTH``).

Warns rather than blocks: search results and social cards cut a long headline short, which is
worth knowing but sometimes worth accepting.
"""

from django.conf import settings

from dateline.copydesk.findings import warn

NAME = "headline_length"


def check(copy):
    limit = settings.COPYDESK_HEADLINE_MAX_LENGTH
    if len(copy.headline) > limit:
        # Quote whole words: the cut falls back to the last space before the limit.
        kept = copy.headline[:limit + 1].rsplit(" ", 1)[0]
        yield warn(NAME, "Headline", copy.headline[len(kept):].strip(),
                   f"The headline has {len(copy.headline)} characters; search results and "
                   f"social cards cut it after about {limit}. The quoted words would be lost.")
