"""The bounce webhook: a mail provider (or a relay's script) posts bounces and complaints here as
JSON, authenticated by the shared secret DATELINE_MAIL_WEBHOOK_SECRET as a bearer token.

    POST /mailroom/bounces/
    Authorization: Bearer <secret>
    {"events": [{"type": "bounce", "address": "a@example.org", "permanent": true,
                 "status": "5.1.1", "reason": "no such user", "message_id": "<…>"},
                {"type": "complaint", "address": "b@example.org"}]}

A single event may be posted without the "events" list. Every event is checked before any is
acted on, so a bad one is refused (400, saying which and why) and nothing is half done.
"""

import hmac
import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dateline.mailroom.bounces import Report, apply

MOST_EVENTS = 10_000


class BadEvent(ValueError):
    pass


# Posted by a mail provider, with no cookie; the shared secret is the authority.
@csrf_exempt  # nosemgrep: dateline.csrf-exempt
@require_POST
def bounce_webhook(request):
    secret = settings.MAIL_WEBHOOK_SECRET
    if not secret:
        raise Http404("The bounce webhook is off: DATELINE_MAIL_WEBHOOK_SECRET is not set.")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {secret}".encode()):
        return JsonResponse({"error": _("The bounce webhook needs the shared secret as "
                                        "'Authorization: Bearer <secret>'.")}, status=401)
    try:
        reports = _reports(json.loads(request.body))
    except (ValueError, UnicodeDecodeError) as error:
        return JsonResponse({"error": str(error)}, status=400)
    for report in reports:
        apply(report, "webhook")
    return JsonResponse({
        "bounces": sum(report.kind == "bounce" for report in reports),
        "complaints": sum(report.kind == "complaint" for report in reports),
    })


def _reports(payload):
    events = payload.get("events", [payload]) if isinstance(payload, dict) else payload
    if not isinstance(events, list) or len(events) > MOST_EVENTS:
        raise BadEvent(_("Post an object with an \"events\" list of at most %(most)d events.")
                       % {"most": MOST_EVENTS})
    return [_report(number, event) for number, event in enumerate(events)]


def _report(number, event):
    if not isinstance(event, dict):
        raise BadEvent(_("Event %(number)d is not an object.") % {"number": number})
    kind = event.get("type")
    address = event.get("address")
    if kind not in ("bounce", "complaint"):
        raise BadEvent(_("Event %(number)d: \"type\" must be \"bounce\" or \"complaint\".")
                       % {"number": number})
    if not isinstance(address, str) or "@" not in address:
        raise BadEvent(_("Event %(number)d: \"address\" must be an e-mail address.")
                       % {"number": number})
    status = event.get("status", "")
    permanent = event.get("permanent", str(status).startswith("5"))
    if kind == "bounce" and not isinstance(permanent, bool):
        raise BadEvent(_("Event %(number)d: \"permanent\" must be true or false.")
                       % {"number": number})
    return Report(kind=kind, address=address.strip(),
                  message_id=str(event.get("message_id") or ""), permanent=permanent,
                  reason=" ".join(f"{status} {event.get('reason') or ''}".split()))
