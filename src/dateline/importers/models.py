from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from dateline.news.models.site_settings import validate_time_zone


class ImportedItem(models.Model):
    """Where an imported object came from, so that a re-run updates instead of duplicating.

    ``source`` names the origin (a WordPress site URL, a feed URL); ``kind`` the sort of item
    there (post, page, attachment, category, tag, author, entry); ``source_id`` its identity in
    the origin (a WordPress ID, a feed entry id or link).
    """

    source = models.CharField(_("source"), max_length=500)
    kind = models.CharField(_("kind"), max_length=40)
    source_id = models.CharField(_("identity at the source"), max_length=1000)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "news.NewsImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checksum = models.CharField(_("checksum of the imported data"), max_length=64, blank=True)
    imported_at = models.DateTimeField(_("first imported"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="importers_item_unique_origin"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.source_id} from {self.source}"


class FeedSubscription(models.Model):
    """A feed the worker polls every so often, filing its new and changed entries."""

    url = models.URLField(_("feed address"), max_length=500, unique=True)
    section = models.ForeignKey(
        "news.SectionPage", verbose_name=_("section"), on_delete=models.CASCADE,
        related_name="+",
    )
    publish = models.BooleanField(
        _("publish entries"), default=False,
        help_text=_("Publish dated entries at once; otherwise they wait as drafts."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_time_zone],
        help_text=_("Where the feed's dates are read when they carry no zone (e.g. "
                    "Asia/Tehran). Leave empty for the site's time zone."),
    )
    every_minutes = models.PositiveIntegerField(
        _("poll every (minutes)"), default=60, validators=[MinValueValidator(5)],
    )
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True,
                                          editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    panels = [
        FieldPanel("url"),
        FieldPanel("section"),
        FieldPanel("publish"),
        FieldPanel("time_zone"),
        FieldPanel("every_minutes"),
    ]

    class Meta:
        verbose_name = _("feed subscription")
        verbose_name_plural = _("feed subscriptions")

    def __str__(self):
        return self.url


class ArchivedComment(models.Model):
    """A reader's comment an import brought with its story: kept as an archive, closed.

    Only approved comments are kept; ``parent`` keeps the replies threaded. The author's name
    is what the old site showed; no e-mail or IP address is kept.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("source"), max_length=500)
    source_id = models.CharField(_("identity at the source"), max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="replies")
    author_name = models.CharField(_("author's name"), max_length=255)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    text = models.TextField(_("text"))
    withdrawn = models.BooleanField(
        _("withdrawn"), default=False,
        help_text=_("Hidden from readers, e.g. after a complaint; its replies stay. A new "
                    "import of the same export keeps it withdrawn."))

    class Meta:
        verbose_name = _("archived comment")
        verbose_name_plural = _("archived comments")
        ordering = ["posted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"],
                                    name="importers_comment_unique_origin")
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"
