"""The copy desk in the Wagtail admin: findings shown while editing, enforced at publish.

The publish hook runs after Wagtail has saved the new revision, so a refused publish keeps the
editor's work as a draft; only going live is stopped. Scheduling is publishing with a later
go-live time, so it passes the same hook. Bulk publishing from a page listing is checked too.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail import hooks

from dateline.copydesk.registry import run_checks


@hooks.register("before_edit_page")
def show_findings_on_the_page_being_edited(request, page):
    if is_plain_page_view(request):
        report(request, run_checks(page.get_latest_revision_as_object()))


@hooks.register("before_edit_setting")
def show_findings_on_the_settings_being_edited(request, instance):
    if is_plain_page_view(request):
        report(request, run_checks(instance))


@hooks.register("before_publish_page")
def refuse_to_publish_with_blocking_findings(request, page):
    blocking = blocking_findings(page)
    if not blocking:
        return None
    messages.error(request, listing(
        ngettext(
            "Not published: the copy desk found a fault that must be fixed first. "
            "Your changes are saved as a draft.",
            "Not published: the copy desk found %(count)d faults that must be fixed first. "
            "Your changes are saved as a draft.",
            len(blocking),
        ) % {"count": len(blocking)},
        blocking,
    ))
    keep_unpublished(page)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_to_bulk_publish_pages_with_blocking_findings(request, action_type, objects, action):
    if action_type != "publish":
        return None
    faulty = [(page, blocking_findings(page.specific.get_latest_revision_as_object()))
              for page in objects]
    faulty = [(page, blocking) for page, blocking in faulty if blocking]
    for page, blocking in faulty:
        messages.error(request, listing(
            _("“%(title)s” was not published; the copy desk found faults to fix first:")
            % {"title": page.get_admin_display_title()},
            blocking,
        ))
    if not faulty:
        return None
    messages.error(request, _("Nothing was published. Fix the pages above, or publish the "
                              "others without them."))
    return redirect(action.next_url)


def blocking_findings(obj):
    return [finding for finding in run_checks(obj) if finding.blocks]


def keep_unpublished(page):
    """A page created with "Publish" is already in the tree as live; make it the draft it is."""
    if page.live and page.first_published_at is None:
        type(page).objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)


def is_plain_page_view(request):
    """A page load, not a form post or the autosave's JSON, which would repeat the messages."""
    return request.method == "GET" and "application/json" not in request.headers.get("Accept", "")


def report(request, findings):
    blocking = [finding for finding in findings if finding.blocks]
    warnings = [finding for finding in findings if not finding.blocks]
    if blocking:
        messages.error(request, listing(
            _("The copy desk will not let this be published until these are fixed:"), blocking
        ))
    if warnings:
        messages.warning(request, listing(_("The copy desk suggests a second look:"), warnings))


def listing(heading, findings):
    return format_html(
        "{}<ul>{}</ul>", heading,
        format_html_join("", "<li><b>{}</b>{} — {}</li>", (
            (finding.field, f": “{finding.text}”" if finding.text else "", finding.message)
            for finding in findings
        )),
    )
