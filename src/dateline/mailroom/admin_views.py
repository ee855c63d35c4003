"""The mailings screen of the admin: each mailing's deliveries counted by state, its progress,
when it started and finished, and the deliveries that failed with the mail server's answer;
those that failed after temporary refusals can be sent again. For whoever may view mailings
(``mailroom.view_mailing``: Administrators and the Newsletter role), since it shows addresses."""

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.admin import messages

from dateline.mailroom.bulk import retry_failed
from dateline.mailroom.models import Delivery, Mailing

MAILINGS_A_PAGE = 50
FAILURES_A_PAGE = 100
COUNTED = [state for state, _label in Delivery.State.choices]


def require(request, permission):
    # Not found rather than denied: Wagtail turns a denial into a redirect home, and a user
    # without the right learns nothing, not even that the mailing exists.
    if not request.user.has_perm(f"mailroom.{permission}"):
        raise Http404


def counted(mailings):
    """The mailings with their deliveries counted by state, their total, and the first and
    last acceptance."""
    return mailings.annotate(
        **{state: Count("deliveries", filter=Q(deliveries__state=state)) for state in COUNTED},
        total=Count("deliveries"),
        started_at=Min("deliveries__accepted_at"),
        last_accepted_at=Max("deliveries__accepted_at"),
    )


def progress(mailing):
    """Percent of the deliveries that are settled: accepted, failed or bounced."""
    settled = mailing.accepted + mailing.failed + mailing.bounced
    return round(100 * settled / mailing.total) if mailing.total else 100


def admin_page(request, template, title, context):
    return TemplateResponse(request, f"mailroom/admin/{template}.html",
                            {"page_title": title, "header_title": title, **context})


@require_http_methods(["GET", "HEAD"])
def mailings(request):
    require(request, "view_mailing")
    page = Paginator(counted(Mailing.objects.order_by("-created_at", "-pk")),
                     MAILINGS_A_PAGE).get_page(request.GET.get("p"))
    for mailing in page:
        mailing.progress = progress(mailing)
    return admin_page(request, "mailings", _("Mailings"), {"mailings": page, "page": page})


@require_http_methods(["GET", "HEAD"])
def mailing(request, pk):
    require(request, "view_mailing")
    mailing = get_object_or_404(counted(Mailing.objects.all()), pk=pk)
    mailing.progress = progress(mailing)
    failures = (mailing.deliveries.filter(state__in=[Delivery.State.FAILED,
                                                     Delivery.State.BOUNCED])
                .order_by("pk").only("address", "state", "attempts", "last_error",
                                     "temporary"))
    page = Paginator(failures, FAILURES_A_PAGE).get_page(request.GET.get("p"))
    return admin_page(request, "mailing", mailing.subject or mailing.key, {
        "mailing": mailing, "failures": page, "page": page,
        "retryable": mailing.deliveries.filter(state=Delivery.State.FAILED,
                                               temporary=True).count(),
        "may_retry": request.user.has_perm("mailroom.change_delivery"),
    })


@require_POST
def retry(request, pk):
    require(request, "view_mailing")
    require(request, "change_delivery")
    mailing = get_object_or_404(Mailing, pk=pk)
    again = retry_failed(mailing)
    messages.success(request, ngettext(
        "%(count)d delivery will be sent again in the next round.",
        "%(count)d deliveries will be sent again in the next round.", again) % {"count": again})
    return redirect("mailroom_mailing", mailing.pk)
