"""Two people editing one story: nobody's version is overwritten without them being told.

Wagtail shows, while a page is open, who else is editing it and when someone saves a newer
version, asks before saving over it, and refuses an out-of-date autosave. A full form post
from an out-of-date form still goes through, though. Here such a post is kept as a draft
revision, so both versions stay in the history, the editor is told whose newer version they
saved over, and publishing or approving from that form is refused: nothing goes live that
nobody has compared with the other version.
"""

from datetime import datetime

from django.contrib import messages as django_messages
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name

# The edit form's buttons that make the posted version live (approving publishes it).
GOING_LIVE = ("action-publish", "action-workflow-action")


def keep_out_of_date_edits_as_drafts(request, page):
    """Before an edit is saved: an out-of-date form may save a draft, never publish."""
    if request.method != "POST" or not request.accepts("text/html"):
        return  # Wagtail itself refuses out-of-date autosaves, which ask for JSON.
    newer = page.get_latest_revision()
    if newer is None or not loaded_before(request.POST, newer, request.user):
        return
    request.saved_over = newer
    request.kept_from_going_live = any(request.POST.get(button) for button in GOING_LIVE)
    if request.kept_from_going_live:
        # Wagtail's edit view picks its action from request.POST after this hook, so the form
        # is saved as a draft. No hook runs before an approval, which publishes too, so
        # before_publish_page would not do (tests/test_wagtail_privates.py).
        request.POST = request.POST.copy()
        for button in GOING_LIVE:
            request.POST.pop(button, None)


def tell_whose_version_was_saved_over(request, page):
    """After the edit is saved (an invalid form saves nothing and hears nothing)."""
    newer = getattr(request, "saved_over", None)
    if newer is None:
        return
    who = {"user": get_user_display_name(newer.user) if newer.user else _("someone"),
           "time": format_date(localtime(newer.created_at), "H:i")}
    if request.kept_from_going_live:
        # Wagtail has queued its green "saved"; beside "Not published" it would mislead.
        drop_success_messages(request)
        message, report = messages.error, _(
            "Not published: %(user)s saved a newer version at %(time)s while you were "
            "editing. Your changes are saved as a draft; compare the two before publishing."
        )
    else:
        message, report = messages.warning, _(
            "%(user)s saved a newer version at %(time)s while you were editing; your changes "
            "are saved over it, and theirs stay in the history."
        )
    compare_url = reverse("wagtailadmin_pages:revisions_compare",
                          args=[page.pk, newer.pk, "latest"])
    message(request, format_html("{} <a href='{}'>{}</a>", report % who, compare_url,
                                 _("Compare")))


def drop_success_messages(request):
    """Takes the request's queued messages (reading marks them all as shown) and queues
    again all but the successes."""
    for kept in [queued for queued in django_messages.get_messages(request)
                 if queued.level != django_messages.SUCCESS]:
        django_messages.add_message(request, kept.level, kept.message, extra_tags=kept.extra_tags)


def loaded_before(form, latest_revision, user):
    """Whether the edit form was loaded, or last autosaved, before ``latest_revision``.

    The same test as Wagtail's own for autosaves: the form carries the revision it started
    from, and an autosave may have rewritten that revision in place, hence its time too. Once
    this tab's autosave has written a revision, the form names it (static/dateline/js/
    editing-session.js): Wagtail refuses an autosave from an out-of-date form and lets no other
    session write that revision, so it is still the latest unless someone saved since.
    """
    if autosaved := form.get("overwrite_revision_id"):
        return autosaved != str(latest_revision.pk)
    if autosaved := form.get("autosaved_revision_id"):
        return (autosaved != str(latest_revision.pk)
                or latest_revision.user_id != user.pk)
    if loaded := form.get("loaded_revision_id"):
        return (loaded != str(latest_revision.pk)
                or parse_datetime(form.get("loaded_revision_created_at", ""))
                != latest_revision.created_at)
    return False


def parse_datetime(text):
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
