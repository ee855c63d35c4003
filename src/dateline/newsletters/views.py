"""The reader's side: signing up at /newsletters/, confirming, managing one's lists and leaving
one in a click. No account: each link a reader follows is signed (``links``).

The sign-up form and the one-click unsubscribe take POSTs without a CSRF token: the form sits
on cached pages, which carry no cookie, and RFC 8058's one-click POST comes from the mail
client. Neither can be turned against a reader: a forged sign-up only sends a confirmation
letter (under the limits in ``signup``), and an unsubscribe link is signed for one
subscription.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from dateline.mailroom.outbox import mail_is_set_up
from dateline.newsletters import links, signup
from dateline.newsletters.forms import ManageForm, SignUpForm
from dateline.newsletters.models import Newsletter, Subscription


def offered(language=None):
    """The lists on offer in the edition of ``language`` (the request's)."""
    return Newsletter.objects.on_offer().of_edition(language or translation.get_language())


def page(request, template, context, status=200, *, language=None):
    """The page, in ``language`` when given: a subscriber's pages speak their list's language,
    whichever edition's address the link was made with."""
    language = language or translation.get_language()
    with translation.override(language):
        response = render(request, f"newsletters/{template}.html",
                          {"page": None, "mail_is_set_up": mail_is_set_up(), **context},
                          status=status)
    response["Content-Language"] = language
    return response


# The form is on cached pages, which carry no CSRF cookie; limits, a honeypot and the opt-in.
@csrf_exempt  # nosemgrep: dateline.csrf-exempt
@require_http_methods(["GET", "HEAD", "POST"])
def sign_up(request):
    if request.method != "POST":
        form = SignUpForm(offered=offered(), initial={"newsletters": offered()})
        return page(request, "sign_up", {"form": form})
    if not mail_is_set_up():
        return page(request, "sign_up", {"form": None}, status=503)
    form = SignUpForm(request.POST, offered=offered())
    if form.filled_by_a_robot:
        # The same answer as for a person, so a robot learns nothing to adapt to.
        return page(request, "check_inbox", {})
    if not form.is_valid():
        return page(request, "sign_up", {"form": form}, status=400)
    try:
        done = signup.sign_up(form.cleaned_data["email"], form.cleaned_data["newsletters"],
                              request.META.get("REMOTE_ADDR"))
    except signup.TooManySignUps:
        response = page(request, "too_many", {}, status=429)
        response["Retry-After"] = str(signup.LIMIT_SECONDS)
        return response
    if done.mail_failed:
        return page(request, "mail_failed", {}, status=503)
    return page(request, "check_inbox", {})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button and POST confirms: mail scanners open links, they do not press
    buttons, so only the reader's own click counts as consent."""
    if request.method != "POST":
        subscriber = signup.pending_subscriber(token)
        if subscriber is None:
            return page(request, "link_used", {}, status=410)
        pending = [subscription.newsletter for subscription in subscriber.subscriptions
                   .filter(status=Subscription.PENDING).select_related("newsletter")]
        return page(request, "confirm", {"newsletters": pending},
                    language=language_of(pending))
    confirmed = signup.confirm(token)
    if confirmed is None:
        return page(request, "link_used", {}, status=410)
    newsletters = [subscription.newsletter for subscription in confirmed]
    return page(request, "confirmed", {"newsletters": newsletters,
                                       "manage_path": links.manage_path(confirmed[0].pk)
                                       if confirmed else None},
                language=language_of(newsletters))


def language_of(newsletters):
    """The language a reader's lists speak: the last one's (those chosen together are of one
    edition); None, the request's, for none."""
    return newsletters[-1].edition_language if newsletters else None


def _subscription_or_404(signer, token):
    subscription_id = links.subscription_id(signer, token)
    subscription = (Subscription.objects.select_related("subscriber", "newsletter")
                    .filter(pk=subscription_id).first() if subscription_id else None)
    if subscription is None:
        raise Http404(_("This link belongs to no subscription any more."))
    return subscription


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscription = _subscription_or_404(links.MANAGE, token)
    subscriber = subscription.subscriber
    own = {s.newsletter_id: s for s in subscriber.subscriptions.all()}
    language = subscription.newsletter.edition_language
    lists = Newsletter.objects.filter(pk__in=own) | offered(language)
    taken = [pk for pk, s in own.items() if s.status == Subscription.CONFIRMED]
    form = ManageForm(request.POST or None, offered=lists.distinct(),
                      initial={"newsletters": taken})
    if request.method == "POST" and form.is_valid():
        chosen = {newsletter.pk for newsletter in form.cleaned_data["newsletters"]}
        now = timezone.now()
        with transaction.atomic():
            for newsletter in form.fields["newsletters"].queryset:
                current = own.get(newsletter.pk)
                if newsletter.pk in chosen and (current is None
                                                or current.status != Subscription.CONFIRMED):
                    # The reader holds a signed link to this address's mail: their consent.
                    current = current or Subscription(subscriber=subscriber,
                                                      newsletter=newsletter,
                                                      source=signup.SOURCE)
                    current.confirm(now)
                    current.save()
                elif newsletter.pk not in chosen and current is not None \
                        and current.status != Subscription.UNSUBSCRIBED:
                    current.unsubscribe(Subscription.BY_READER, now)
                    current.save()
        with translation.override(language):
            messages.success(request, _("Your newsletters are saved."))
        return redirect(request.path)
    return page(request, "manage", {"form": form, "subscriber": subscriber}, language=language)


# RFC 8058: mail clients POST without a cookie; the signed token is the authority.
@csrf_exempt  # nosemgrep: dateline.csrf-exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """RFC 8058's one-click unsubscribe: a POST (with ``List-Unsubscribe=One-Click`` from a
    mail client, or the button on this page) leaves the list; a GET only asks."""
    subscription = _subscription_or_404(links.UNSUBSCRIBE, token)
    language = subscription.newsletter.edition_language
    if request.method != "POST":
        return page(request, "unsubscribe", {"subscription": subscription,
                                              "done": False}, language=language)
    signup.unsubscribe(subscription.pk)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        with translation.override(language):
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
    return page(request, "unsubscribe", {"subscription": subscription, "done": True,
                                         "manage_path": links.manage_path(subscription.pk)},
                language=language)
