"""Newsletters, the readers who take them, and their issues.

A ``Subscriber`` is one e-mail address; a ``Subscription`` is that address on one list, with
its consent: pending until the reader follows the confirmation link, confirmed from then, and
unsubscribed (with why) when the reader leaves, the address bounces for good or its owner
complains. Nothing is sent to a pending or unsubscribed subscription. An ``Issue`` is one mail
of a list, composed from stories (``IssueStory``, in the editor's order).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, PreviewableMixin


def edition_language(code):
    """The edition a language code stands for, as Wagtail's locales name it ("fa", "en"); the
    site's own language for an empty code."""
    from wagtail.coreutils import get_supported_content_language_variant

    code = code or settings.LANGUAGE_CODE
    try:
        return get_supported_content_language_variant(code)
    except LookupError:
        return code


class NewsletterQuerySet(models.QuerySet):
    def on_offer(self):
        return self.filter(on_sign_up_form=True)

    def of_edition(self, language):
        """The lists of the edition in ``language``; the site's own edition's include the
        lists that name no language."""
        language = edition_language(language)
        lists = Q(language=language)
        if language == edition_language(""):
            lists |= Q(language="")
        return self.filter(lists)


class Newsletter(ClusterableModel):
    """A list readers sign up to: a briefing sent on a schedule, or alerts sent one story at a
    time."""

    DAILY, WEEKLY, ALERTS, BY_HAND = "daily", "weekly", "alerts", "by-hand"
    CADENCES = [
        (DAILY, _("Daily, at the time below")),
        (WEEKLY, _("Weekly, on the day and at the time below")),
        (ALERTS, _("Breaking alerts: one story, sent when an editor approves it")),
        (BY_HAND, _("When an editor approves an issue")),
    ]
    WEEKDAYS = [(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))]

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True, allow_unicode=True)
    description = models.CharField(
        _("description"), max_length=300, blank=True,
        help_text=_("One line under the name on the sign-up form, e.g. \"The day's news at "
                    "7 in the morning\"."),
    )
    language = models.CharField(
        _("language"), max_length=12, blank=True,
        help_text=_("The edition's language code (e.g. fa for the Persian edition); empty for "
                    "the site's own language."),
    )
    cadence = models.CharField(_("sent"), max_length=10, choices=CADENCES, default=DAILY)
    send_time = models.TimeField(
        _("time"), default=datetime.time(7, 0),
        help_text=_("In the site's time zone (Settings → Site settings)."),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS, default=0)
    send_without_approval = models.BooleanField(
        _("send on schedule without approval"), default=False,
        help_text=_("Off: each scheduled issue waits as a draft for an editor to approve it. "
                    "On: it goes out at its time as assembled, unless an editor stops it."),
    )
    sections = ParentalManyToManyField(
        "news.SectionPage", verbose_name=_("sections"), blank=True, related_name="+",
        help_text=_("Stories from these sections and their subsections; none for every "
                    "section."),
    )
    topics = ParentalManyToManyField(
        "news.TopicPage", verbose_name=_("topics"), blank=True, related_name="+",
        help_text=_("Only stories with one of these topics; none for any topic."),
    )
    window_hours = models.PositiveSmallIntegerField(
        _("stories from the last (hours)"), default=24,
        help_text=_("How far back an issue reaches for stories, e.g. 24 for a daily, 168 for "
                    "a weekly."),
    )
    story_count = models.PositiveSmallIntegerField(_("stories per issue at most"), default=8)
    on_sign_up_form = models.BooleanField(
        _("offered on the sign-up form"), default=True,
        help_text=_("Off while a list is being prepared or is closed to new readers."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order on the form"), default=0)

    objects = NewsletterQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def edition_language(self):
        """The language its sign-up, pages and mail speak and its stories are written in."""
        return edition_language(self.language)

    @property
    def is_alerts(self):
        return self.cadence == self.ALERTS


class Subscriber(models.Model):
    """One reader's e-mail address; no account, no name."""

    email = models.EmailField(_("e-mail address"), max_length=254)
    created_at = models.DateTimeField(_("first signed up"), default=timezone.now)
    # Changed when a reader asks for a new confirmation link, which ends the old one.
    confirmation_nonce = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"),
                                               name="newsletters_one_subscriber_per_address")]

    def __str__(self):
        return self.email


class SubscriptionQuerySet(models.QuerySet):
    def receiving(self):
        """What may be mailed: confirmed, not left."""
        return self.filter(status=Subscription.CONFIRMED)


class Subscription(models.Model):
    """An address on one list, with the consent behind it."""

    PENDING, CONFIRMED, UNSUBSCRIBED = "pending", "confirmed", "unsubscribed"
    STATUSES = [(PENDING, _("waiting for confirmation")), (CONFIRMED, _("confirmed")),
                (UNSUBSCRIBED, _("unsubscribed"))]
    BY_READER, BOUNCED, COMPLAINED, BY_STAFF, IMPORTED = (
        "reader", "bounced", "complained", "staff", "imported")
    REASONS = [(BY_READER, _("the reader left")), (BOUNCED, _("mail to it bounced for good")),
               (COMPLAINED, _("its owner marked a mail as spam")),
               (BY_STAFF, _("removed by staff")),
               (IMPORTED, _("unsubscribed in the service it was imported from"))]

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE,
                                   related_name="subscriptions")
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE,
                                   related_name="subscriptions")
    status = models.CharField(_("status"), max_length=12, choices=STATUSES, default=PENDING)
    # Where the consent came from: "sign-up form", or the service an import came from.
    source = models.CharField(_("signed up through"), max_length=60, blank=True)
    signed_up_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    unsubscribe_reason = models.CharField(_("why"), max_length=12, choices=REASONS, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        constraints = [models.UniqueConstraint(fields=["subscriber", "newsletter"],
                                               name="newsletters_one_subscription_per_list")]
        indexes = [models.Index(fields=["newsletter", "status"],
                                name="newsletters_list_status_idx")]

    def __str__(self):
        return f"{self.subscriber} – {self.newsletter}"

    def confirm(self, when=None):
        self.status = self.CONFIRMED
        self.confirmed_at = when or timezone.now()
        self.unsubscribed_at = None
        self.unsubscribe_reason = ""

    def unsubscribe(self, reason, when=None):
        self.status = self.UNSUBSCRIBED
        self.unsubscribed_at = when or timezone.now()
        self.unsubscribe_reason = reason


class Issue(PreviewableMixin, ClusterableModel):
    """One mail of a list: its stories in the editor's order and an optional introduction."""

    DRAFT, APPROVED, SENT = "draft", "approved", "sent"
    STATUSES = [(DRAFT, _("draft")), (APPROVED, _("approved, waiting for its time")),
                (SENT, _("handed to the mailroom"))]

    newsletter = models.ForeignKey(Newsletter, verbose_name=_("newsletter"),
                                   on_delete=models.PROTECT, related_name="issues")
    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True,
        help_text=_("A few lines from the editor above the stories; plain text."),
    )
    send_at = models.DateTimeField(
        _("send at"), null=True, blank=True,
        help_text=_("Empty: as soon as it is approved."),
    )
    # The scheduled time this issue was assembled for, so the worker assembles each once.
    assembled_for = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=DRAFT,
                              editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("handed to the mailroom"), null=True, blank=True,
                                   editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    preview_modes = [("html", _("HTML")), ("text", _("Plain text"))]

    class Meta:
        verbose_name = _("newsletter issue")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(
            fields=["newsletter", "assembled_for"], name="newsletters_one_issue_per_slot")]

    def __str__(self):
        return self.subject

    @property
    def mailing_key(self):
        return f"newsletter-issue:{self.pk}"

    def stories(self):
        """The issue's live, readable stories in the editor's order."""
        from dateline.news.models import ArticlePage

        # Sorted here: an unsaved issue's rows (a preview's) come in the form's order.
        rows = sorted(self.story_rows.all(), key=lambda row: row.sort_order or 0)
        ids = [row.article_id for row in rows]
        by_id = {article.pk: article for article in
                 ArticlePage.objects.for_listing().readable().filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def get_preview_template(self, request, mode_name):
        return "newsletters/admin/issue_preview.html"

    def get_preview_context(self, request, mode_name):
        from dateline.newsletters.mail import rendered_issue

        rendered = rendered_issue(self)
        return {"issue": self, "mode": mode_name, "html": rendered.html,
                "text": rendered.text}


class IssueStory(Orderable):
    issue = ParentalKey(Issue, on_delete=models.CASCADE, related_name="story_rows")
    article = models.ForeignKey("news.ArticlePage", verbose_name=_("story"),
                                on_delete=models.CASCADE, related_name="+")

    class Meta(Orderable.Meta):
        verbose_name = _("story")
