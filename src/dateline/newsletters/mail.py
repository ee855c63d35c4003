"""The newsletters' mail: the confirmation letter, and each issue's mail for every recipient.

An issue is rendered once per mailing (subject, plain text, HTML) and kept in this process;
each recipient's mail is that rendering with the recipient's own links put in, so a mailing to
100,000 readers renders its templates once. Every issue's mail names its list (``List-Id``) and
offers leaving it in one click (RFC 8058: ``List-Unsubscribe`` with an https link and
``List-Unsubscribe-Post``). No tracking pixels, and links go straight to the stories.
"""

import collections
import dataclasses
import threading

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wagtail.models import Site

from dateline.mailroom.letters import compose, new_message_id
from dateline.mailroom.outbox import Outbox
from dateline.news import translations
from dateline.news.dates import format_date
from dateline.news.models import SiteSettings
from dateline.newsletters import links
from dateline.newsletters.assembly import site_zone
from dateline.newsletters.models import Issue, edition_language

# Stand-ins for each recipient's links in the rendered issue; never text an editor can type.
MANAGE_MARK = "https://manage.invalid/dateline-newsletter-manage"
UNSUBSCRIBE_MARK = "https://unsubscribe.invalid/dateline-newsletter-unsubscribe"
# Renderings kept per process: a worker sends a few mailings at a time.
KEPT_RENDERINGS = 8


@dataclasses.dataclass(frozen=True)
class RenderedIssue:
    subject: str
    text: str
    html: str
    list_id: str
    root_url: str
    # The list's language, which its readers' links open their pages in.
    language: str


def site_facts(language=None):
    """The default site's name and public address (``server.public_address``); in another
    edition's ``language``, the name is that edition's front page's, as its masthead shows."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME, "http://localhost"
    name = SiteSettings.for_site(site).display_name()
    if language and language != edition_language(""):
        front = translations.front_pages(site.root_page).get(language)
        name = front.title if front is not None else name
    return name, site.root_url.rstrip("/")


def absolute(root_url, url):
    return url if "://" in url else root_url + url


def story_entries(issue, root_url):
    """What the mail shows of each story: headline, standfirst, address, picture."""
    entries = []
    for article in issue.stories():
        picture = None
        if article.lead_image is not None:
            rendition = article.lead_image.get_rendition("fill-560x315|format-jpeg")
            picture = {
                "url": absolute(root_url, rendition.url),
                "width": rendition.width, "height": rendition.height,
                "alt": (getattr(article.lead_image, "default_alt_text", "")
                        or article.lead_image.title),
            }
        entries.append({
            "headline": article.title, "standfirst": article.standfirst,
            "section": getattr(article, "section_title", ""),
            "url": article.get_full_url() or root_url + "/",
            "picture": picture,
        })
    return entries


def rendered_issue(issue):
    """The issue's subject, plain text and HTML, with stand-ins for each recipient's links."""
    newsletter = issue.newsletter
    language = newsletter.edition_language
    site_name, root_url = site_facts(language)
    # The issue's day as its readers count days: Solar Hijri, in Persian digits, for Persian.
    with translation.override(language), timezone.override(site_zone()):
        context = {
            "issue": issue, "newsletter": newsletter, "site_name": site_name,
            "root_url": root_url, "stories": story_entries(issue, root_url),
            "date": format_date(issue.assembled_for or issue.send_at or timezone.now()),
            "manage_url": MANAGE_MARK, "unsubscribe_url": UNSUBSCRIBE_MARK,
        }
        text = render_to_string("newsletters/mail/issue.txt", context, using="text")
        html = render_to_string("newsletters/mail/issue.html", context)
    host = root_url.split("://", 1)[-1].split(":")[0].split("/")[0]
    list_id = f"{' '.join(newsletter.name.split())} <{newsletter.slug}.{host}>"
    return RenderedIssue(" ".join(issue.subject.split()), text, html, list_id, root_url,
                         language)


_kept = collections.OrderedDict()
_kept_lock = threading.Lock()


def rendering_for(mailing):
    """The rendering of the issue a mailing (keyed ``newsletter-issue:<pk>``) sends."""
    # Kept by the mailing's creation too: a restored or test database can give another
    # mailing the same key.
    kept_as = (mailing.key, mailing.created_at)
    with _kept_lock:
        if kept_as in _kept:
            _kept.move_to_end(kept_as)
            return _kept[kept_as]
    issue = Issue.objects.select_related("newsletter").get(
        pk=int(mailing.key.rpartition(":")[2]))
    rendering = rendered_issue(issue)
    with _kept_lock:
        _kept[kept_as] = rendering
        while len(_kept) > KEPT_RENDERINGS:
            _kept.popitem(last=False)
    return rendering


def personal_message(rendering, address, subscription_id, *, subject=None):
    """The rendered issue addressed to one recipient, with the links of their
    subscription."""
    with translation.override(rendering.language):
        manage = rendering.root_url + links.manage_path(subscription_id)
        unsubscribe = rendering.root_url + links.unsubscribe_path(subscription_id)
    message = EmailMultiAlternatives(
        subject=subject or rendering.subject,
        body=rendering.text.replace(MANAGE_MARK, manage).replace(UNSUBSCRIBE_MARK, unsubscribe),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={
            "List-Id": rendering.list_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        rendering.html.replace(MANAGE_MARK, manage).replace(UNSUBSCRIBE_MARK, unsubscribe),
        "text/html")
    return message


def compose_issue(mailing, delivery):
    """The composer ``mailroom.bulk`` calls for each delivery of an issue's mailing; the
    delivery's ``recipient_ref`` is the subscription's id."""
    return personal_message(rendering_for(mailing), delivery.address,
                            int(delivery.recipient_ref))


# A test mail's links belong to no subscription: following them changes nothing.
NO_SUBSCRIPTION = 0


def send_test(issue, address):
    """The issue as its readers will get it, to ``address`` only, marked as a test; returns
    the Message-ID. Raises ``MailNotSent``."""
    rendering = rendered_issue(issue)
    message = personal_message(rendering, address, NO_SUBSCRIPTION,
                               subject=f"[TEST] {rendering.subject}")
    message.extra_headers["Message-ID"] = new_message_id()
    with Outbox() as outbox:
        return outbox.send(message)


def send_confirmation(subscriber):
    """The letter with the link that confirms the subscriber's pending lists."""
    pending = [subscription.newsletter for subscription in
               subscriber.subscriptions.filter(status="pending").select_related("newsletter")
               .order_by("signed_up_at", "pk")]
    # In the language of the lists (those asked for together are of one edition).
    language = pending[-1].edition_language if pending else None
    site_name, root_url = site_facts(language)
    with translation.override(language):
        message = compose("newsletters/mail/confirm", {
            "site_name": site_name, "newsletters": pending,
            "link": root_url + links.confirmation_path(subscriber),
            "days": links.CONFIRMATION_DAYS,
        }, to=[subscriber.email], headers={"Auto-Submitted": "auto-generated"})
    with Outbox() as outbox:
        return outbox.send(message)
