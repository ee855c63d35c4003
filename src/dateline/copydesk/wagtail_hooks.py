"""The copy desk in the Wagtail admin: findings shown while editing, enforced at publish.

The publish hook runs after Wagtail has saved the new revision, so a refused publish keeps the
editor's work as a draft; only going live is stopped. Scheduling is publishing with a later
go-live time, so it passes the same hook. Bulk publishing from a page listing is checked too.
"""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from dateline.copydesk.checks_page import CopydeskChecksView
from dateline.copydesk.registry import run_checks

# Set by a refused publish for the edit page it redirects to, which says so in its one list.
REFUSED = "copydesk_refused_publish"


@hooks.register("before_edit_page")
def show_findings_on_the_page_being_edited(request, page):
    if is_plain_page_view(request):
        refused = request.session.pop(REFUSED, None) == page.pk
        report(request, run_checks(page.get_latest_revision_as_object()), refused=refused,
               refresh_url=reverse("copydesk_page_findings", args=[page.pk]))


@hooks.register("before_edit_setting")
def show_findings_on_the_settings_being_edited(request, instance):
    if is_plain_page_view(request):
        report(request, run_checks(instance))


@hooks.register("before_publish_page")
def refuse_to_publish_with_blocking_findings(request, page):
    if not blocking_findings(page):
        return None
    # The edit page this leads to lists the findings once, headed by the refusal.
    request.session[REFUSED] = page.pk
    keep_unpublished(page)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_urls")
def findings_url():
    return [path("copydesk/pages/<int:page_id>/findings/", current_findings,
                 name="copydesk_page_findings"),
            path("copydesk/checks/", CopydeskChecksView.as_view(), name="copydesk_checks")]


@hooks.register("register_settings_menu_item")
def copydesk_checks_menu_item():
    return MenuItem(_("Copy desk checks"), reverse("copydesk_checks"), icon_name="tasks",
                    order=900)


@hooks.register("insert_editor_js")
def findings_beside_their_fields():
    return format_html('<script src="{}" data-copydesk-url="{}"></script>',
                       static("dateline/js/copy-desk.js"),
                       reverse("copydesk_page_findings", args=[0]))


def current_findings(request, page_id):
    """The list for the page's latest version, which the editor's page asks for after each
    autosave, so that what it shows is never older than what was saved."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise Http404
    findings = run_checks(page.get_latest_revision_as_object())
    return JsonResponse({"html": findings_html(findings), "count": len(findings),
                         "blocking": sum(finding.blocks for finding in findings)})


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
    """A page load: not a form post, nor the autosave's JSON, nor the partial page an autosave
    of a new page fetches, any of which would queue the list again for the next page."""
    return (request.method == "GET"
            and "application/json" not in request.headers.get("Accept", "")
            and not request.GET.get("_w_hydrate_create_view"))


def report(request, findings, *, refused=False, refresh_url=None):
    """One message for all the findings, or for the refusal: red if publishing was refused,
    amber otherwise, since nothing has failed yet."""
    if not findings and not refused:
        return
    blocking = [finding for finding in findings if finding.blocks]
    if refused:
        heading = ngettext(
            "Not published: the copy desk found a fault that must be fixed first. "
            "Your changes are saved as a draft.",
            "Not published: the copy desk found %(count)d faults that must be fixed first. "
            "Your changes are saved as a draft.",
            len(blocking),
        ) % {"count": len(blocking)}
    else:
        heading = None
    message = messages.error if refused else messages.warning
    message(request, format_html(
        '<div data-copydesk-findings="{}">{}</div>', refresh_url or "",
        findings_html(findings, heading=heading),
    ))


def findings_html(findings, heading=None):
    """The findings, those that block publishing first, each naming its field for
    static/dateline/js/copy-desk.js to show it beside that field too."""
    blocking = [finding for finding in findings if finding.blocks]
    warnings = [finding for finding in findings if not finding.blocks]
    parts = []
    if blocking:
        parts.append(listing(
            heading or _("The copy desk will not let this be published until these are fixed:"),
            blocking))
    elif heading:
        parts.append(format_html("<p>{}</p>", heading))
    if warnings:
        parts.append(listing(
            _("The copy desk also suggests a second look:") if blocking
            else _("The copy desk suggests a second look:"), warnings))
    return format_html_join("", "{}", ((part,) for part in parts))


def listing(heading, findings):
    return format_html(
        "<p>{}</p><ul>{}</ul>", heading,
        format_html_join("", '<li data-copydesk-field="{}" data-copydesk-blocks="{}" '
                             'data-copydesk-says="{}"><b>{}</b>{} — {}</li>', (
            (finding.field, "true" if finding.blocks else "false",
             beside_the_field(finding), finding.field,
             f": “{finding.text}”" if finding.text else "", finding.message)
            for finding in findings
        )),
    )


def beside_the_field(finding):
    """What the note beside the field says: the field goes without saying there."""
    quoted = f"“{finding.text}” — " if finding.text else ""
    return _("Copy desk: %(finding)s") % {"finding": quoted + finding.message}
