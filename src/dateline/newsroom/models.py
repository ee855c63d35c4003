from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

from dateline.news.models import ArticlePage
from dateline.newsroom.invitations import Invitation  # noqa: F401  (a model: Django finds it here)
from dateline.newsroom.review import ReviewTask  # noqa: F401  (a model: Django finds it here)


class BreakingNewsBannerQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(article__path__startswith=site.root_page.path)


class BreakingNewsBanner(models.Model):
    """A strip above every public page pointing readers at one story, between two times."""

    class Label(models.TextChoices):
        BREAKING = "breaking", _("Breaking news")
        LIVE = "live", _("Live")
        DEVELOPING = "developing", _("Developing story")

    label = models.CharField(_("label"), max_length=20, choices=Label, default=Label.BREAKING)
    article = models.ForeignKey(
        ArticlePage, verbose_name=_("story"), on_delete=models.CASCADE, related_name="+",
        help_text=_("The banner shows only while this story is published."),
    )
    text = models.CharField(
        _("text"), max_length=160, blank=True,
        help_text=_("Leave empty to show the story's headline."),
    )
    starts_at = models.DateTimeField(
        _("starts at"), default=timezone.now,
        help_text=_("In the site's time zone. The banner appears on every page from then."),
    )
    ends_at = models.DateTimeField(
        _("ends at"), help_text=_("In the site's time zone. The banner disappears at this time."),
    )

    objects = BreakingNewsBannerQuerySet.as_manager()

    panels = [
        FieldPanel("label"),
        FieldPanel("article"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Showing")),
    ]

    class Meta:
        verbose_name = _("breaking-news banner")
        verbose_name_plural = _("breaking-news banners")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="banner_ends_after_it_starts"),
        ]
        indexes = [models.Index(fields=["ends_at", "starts_at"])]

    def __str__(self):
        return f"{self.get_label_display()}: {self.headline}"

    @property
    def headline(self):
        return self.text or self.article.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The banner must end after it starts.")})
