"""An image without alternative text, for readers who cannot see it.

Warns rather than blocks: a missing description shuts out screen-reader users, but holding
back breaking news for it would shut out everyone.
"""

from dateline.copydesk.findings import knows, warn

NAME = "image_alt"


@knows()
def check(copy):
    for use in copy.images:
        description = getattr(use.image, "description", "") or ""
        if not (use.alt_text.strip() or description.strip()):
            yield warn(NAME, use.field, str(use.image),
                       "This image has no alternative text. Describe what it shows, in the "
                       "block's alternative text or in the image's description.")
