"""The newsletters' admin pages beyond Wagtail's own listings and forms: an issue's desk (fill
it from the rule, preview, send a test to oneself, approve), importing and exporting
subscribers as CSV, and one subscriber's data exported or erased on request."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wagtail.admin import messages

from dateline.mailroom.outbox import MailNotSent, mail_is_set_up
from dateline.news.models import ArticlePage
from dateline.newsletters import assembly, mail, moving, privacy, sending
from dateline.newsletters.models import (
    Issue,
    IssueStory,
    Newsletter,
    Subscriber,
    Subscription,
)


def require(request, permission):
    if not request.user.has_perm(f"newsletters.{permission}"):
        raise PermissionDenied


def admin_page(request, template, title, context):
    return TemplateResponse(request, f"newsletters/admin/{template}.html",
                            {"page_title": title, "header_title": title, **context})


@require_http_methods(["GET", "POST"])
def issue_desk(request, pk):
    """Where an issue is filled, tested and approved."""
    require(request, "change_issue")
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    if request.method == "POST" and issue.status != Issue.SENT:
        action = request.POST.get("action")
        if action == "fill":
            assembly.fill(issue)
            messages.success(request, _("Stories added from the newsletter's rule."))
        elif action == "test":
            send_test(request, issue)
        elif action == "approve":
            approve(request, issue)
        return redirect("newsletters_issue_desk", issue.pk)
    readers = Subscription.objects.receiving().filter(newsletter=issue.newsletter).count()
    return admin_page(request, "issue_desk", _("Send: %(subject)s") % {"subject": issue.subject}, {
        "issue": issue, "stories": issue.stories(), "readers": readers,
        "mail_is_set_up": mail_is_set_up(),
        "edit_url": reverse("wagtailsnippets_newsletters_issue:edit", args=[issue.pk]),
    })


def send_test(request, issue):
    address = request.user.email
    if not address:
        messages.error(request, _("Your account has no e-mail address to send the test to "
                                  "(Account → Name and e-mail)."))
        return
    try:
        mail.send_test(issue, address)
    except MailNotSent as error:
        messages.error(request, _("The test was not sent: %(why)s") % {"why": error})
        return
    messages.success(request, _("Test sent to %(address)s.") % {"address": address})


def approve(request, issue):
    if not issue.stories():
        messages.error(request, _("The issue has no story readers can read yet: add one "
                                  "before approving."))
        return
    sending.approve(issue, request.user)
    if issue.send_at and issue.send_at > timezone.now():
        messages.success(request, _("Approved: it goes out at its time."))
    else:
        messages.success(request, _("Approved and handed to the mailroom: the worker is "
                                    "sending it."))


@require_http_methods(["GET", "POST"])
def breaking_alert(request, page_id):
    """A breaking alert from a live story: an issue of an alerts newsletter with that one story,
    headed by its headline, opened on its desk to test and approve."""
    require(request, "add_issue")
    article = get_object_or_404(ArticlePage.objects.readable(), pk=page_id)
    alerts = Newsletter.objects.filter(cadence=Newsletter.ALERTS)
    if not alerts.exists():
        messages.error(request, _("There is no breaking-alerts newsletter yet: add one under "
                                  "Newsletters with \"Breaking alerts\" as when it is sent."))
        return redirect("wagtailsnippets_newsletters_newsletter:list")
    newsletter = alerts.filter(pk=request.POST.get("newsletter") or 0).first() or alerts.first()
    if request.method == "POST":
        issue = Issue.objects.create(newsletter=newsletter, subject=article.title)
        IssueStory.objects.create(issue=issue, article=article, sort_order=0)
        return redirect("newsletters_issue_desk", issue.pk)
    return admin_page(request, "breaking_alert", _("Alert readers"),
                      {"article": article, "alerts": alerts})


def issue_preview(request, pk, mode):
    """The mail as readers get it, links and all but their own (which point nowhere)."""
    require(request, "view_issue")
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    rendering = mail.rendered_issue(issue)
    if mode == "text":
        return HttpResponse(rendering.text, content_type="text/plain; charset=utf-8")
    return HttpResponse(rendering.html)


class ImportForm(forms.Form):
    newsletter = forms.ModelChoiceField(Newsletter.objects.all(),
                                        label=gettext_lazy("Import into"))
    service = forms.ChoiceField(
        label=gettext_lazy("Exported from"),
        choices=[("auto", gettext_lazy("Tell by its columns")),
                 *((kind.name, kind.label) for kind in moving.FORMATS.values())])
    file = forms.FileField(label=gettext_lazy("CSV file"))


MAX_IMPORT_BYTES = 50 * 1024 * 1024


@require_http_methods(["GET", "POST"])
def import_subscribers(request):
    require(request, "add_subscriber")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file is larger than 50 MB; import it with the "
                                     "import_subscribers command."))
        else:
            try:
                kind, records = moving.read(upload.read(), form.cleaned_data["service"])
            except moving.ImportRefused as error:
                form.add_error("file", str(error))
            else:
                result = moving.import_records(kind, records, form.cleaned_data["newsletter"])
                messages.success(request, _(
                    "Imported from %(service)s: %(subscribed)s subscribed, %(unsubscribed)s "
                    "unsubscribed, %(kept)s left unsubscribed as they had left here.") % {
                    "service": result.service, "subscribed": result.subscribed,
                    "unsubscribed": result.unsubscribed, "kept": result.kept_unsubscribed})
                return redirect("wagtailsnippets_newsletters_subscription:list")
    return admin_page(request, "import", _("Import subscribers"), {"form": form})


def export_subscribers(request):
    require(request, "view_subscriber")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="subscribers-{timezone.now():%Y-%m-%d}.csv"')
    moving.write_csv(Subscription.objects.all(), response)
    return response


def subscriber_data(request, pk):
    require(request, "view_subscriber")
    subscriber = get_object_or_404(Subscriber, pk=pk)
    response = HttpResponse(
        json.dumps(privacy.subscriber_data(subscriber), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8")
    name = slugify(subscriber.email.replace("@", "-at-")) or "subscriber"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@require_http_methods(["GET", "POST"])
def erase_subscriber(request, pk):
    require(request, "delete_subscriber")
    subscriber = get_object_or_404(Subscriber, pk=pk)
    if request.method == "POST":
        count = privacy.erase(subscriber)
        messages.success(request, _("Erased %(email)s and %(count)s subscription(s).")
                         % {"email": subscriber.email, "count": count})
        return redirect("wagtailsnippets_newsletters_subscriber:list")
    return admin_page(request, "erase", _("Erase %(email)s") % {"email": subscriber.email},
                      {"subscriber": subscriber,
                       "subscriptions": subscriber.subscriptions.select_related("newsletter")})
