"""WordPress statuses become Wagtail states, always through revisions.

publish → live; private → live behind a login; future → a revision scheduled for the post's
date; draft → a saved revision, not live; pending → a revision submitted to the page's
workflow (or a draft, with a note, when no workflow applies). A post password becomes
Wagtail's shared-password restriction.
"""

import datetime

from wagtail.models import PageViewRestriction

LIVE_STATUSES = {"publish", "private"}
# What readers could reach on the old site, and so what deserves a redirect.
PUBLIC_STATUSES = {"publish", "private", "future"}
WP_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def item_date(item, site_zone):
    """When the item was published: post_date_gmt, else post_date in the site's time zone."""
    for value, zone in ((item.post_date_gmt, datetime.UTC), (item.post_date, site_zone)):
        try:
            moment = datetime.datetime.strptime(value, WP_DATE_FORMAT)
        except ValueError:
            # WordPress writes 0000-00-00 00:00:00 for drafts that were never dated.
            continue
        return moment.replace(tzinfo=zone)
    return None


def parents_first(things, *, identity, parent):
    """``things`` ordered so that each one's parent, when among them, comes before it."""
    by_id = {identity(thing): thing for thing in things}
    ordered, placed = [], set()

    def place(thing, path=()):
        key = identity(thing)
        if key in placed or key in path:
            return
        above = by_id.get(parent(thing))
        if above is not None:
            place(above, (*path, key))
        placed.add(key)
        ordered.append(thing)

    for thing in things:
        place(thing)
    return ordered


def add_page(parent, page, status):
    """Puts a new page in the tree, live only if WordPress had it live."""
    page.live = status in LIVE_STATUSES
    parent.add_child(instance=page)
    return page


def apply_status(page, item, *, date, report):
    """Saves a revision of ``page`` and gives it the WordPress item's status."""
    status = item.status
    if status == "future" and date is not None:
        page.go_live_at = date
    revision = page.save_revision(log_action=True)
    # Restricted before it is published, so that nothing publishing sets off (indexing, Related
    # News, purges) ever sees a private or password post as public.
    restrict_viewing(page, item)
    if status in LIVE_STATUSES or status == "future":
        # For a future date, publish() only approves the revision; it goes live at go_live_at.
        revision.publish()
    elif status == "pending":
        submit_for_moderation(page, report)
    return revision


def submit_for_moderation(page, report):
    workflow = page.get_workflow()
    if workflow is None:
        report.note(f"{page.title!r} was pending review; no workflow applies, so it is a draft.")
        return
    workflow.start(page, None)


def restrict_viewing(page, item):
    if item.status == "private":
        PageViewRestriction.objects.get_or_create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    if item.password:
        PageViewRestriction.objects.update_or_create(
            page=page, restriction_type=PageViewRestriction.PASSWORD,
            defaults={"password": item.password[:255]},
        )
