"""Links to pages of this site that are missing or not published.

A missing page blocks: readers would follow the link to a "not found". An unpublished one
warns: it may be going live alongside this story, but should not be forgotten.
"""

from wagtail.models import Page

from dateline.copydesk.findings import block, knows, warn

NAME = "internal_links"


@knows()
def check(copy):
    links = copy.internal_links()
    if not links:
        return
    live = dict(Page.objects.filter(pk__in={link.page_id for link in links})
                .values_list("pk", "live"))
    for link in links:
        if link.page_id not in live:
            yield block(NAME, link.field, link.text,
                        "This link points to a page that no longer exists. Link another page "
                        "or remove the link.")
        elif not live[link.page_id]:
            yield warn(NAME, link.field, link.text,
                       "This link points to a page that is not published. Publish that page "
                       "too, or readers will find nothing behind the link.")
