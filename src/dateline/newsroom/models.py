from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from dateline.news import translations
from dateline.news.models import ArticlePage
from dateline.newsroom.invitations import Invitation  # noqa: F401  (a model: Django finds it here)
from dateline.newsroom.review import ReviewTask  # noqa: F401  (a model: Django finds it here)


class BreakingNewsBannerQuerySet(models.QuerySet):
    def for_site(self, site, language=None):
        """The banners of one edition of the site (the active language's by default): each
        edition shows its own, pointing at a story of the site."""
        in_site = Q(pk__in=[])
        for front_page in translations.front_pages(site.root_page).values() or [site.root_page]:
            in_site |= Q(article__path__startswith=front_page.path)
        return self.filter(in_site, locale_id=translations.locale_id(language))

    def not_ended(self, now):
        """Banners still to show at ``now`` or later: those with no end run until removed."""
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))


class BreakingNewsBannerForm(WagtailAdminModelForm):
    """The end of a banner is chosen, never implied: a set time, or until an editor removes
    it. A banner left without an end by oversight would run for days."""

    AT_A_TIME, UNTIL_REMOVED = "at_a_time", "until_removed"

    ending = forms.ChoiceField(
        label=_("Ends"), widget=forms.RadioSelect,
        choices=[(AT_A_TIME, _("At the time below")),
                 (UNTIL_REMOVED, _("Until an editor removes it (delete the banner or give it "
                                   "an end)"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["ending"].initial = (self.UNTIL_REMOVED if self.instance.ends_at is None
                                             else self.AT_A_TIME)

    def clean(self):
        cleaned = super().clean()
        ending, ends_at = cleaned.get("ending"), cleaned.get("ends_at")
        if ending == self.AT_A_TIME and ends_at is None and "ends_at" not in self.errors:
            self.add_error("ends_at", _("Give the time the banner ends, or choose “Until an "
                                        "editor removes it”."))
        if ending == self.UNTIL_REMOVED and ends_at is not None:
            self.add_error("ends_at", _("A banner shown until it is removed has no end time: "
                                        "clear this time, or choose “At the time below”."))
        return cleaned


class BreakingNewsBanner(TranslatableMixin, models.Model):
    """A strip above every public page of one edition (its locale) pointing readers at one
    story, between two times. Translating it gives the other edition its own banner."""

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
        _("ends at"), null=True, blank=True,
        help_text=_("In the site's time zone. The banner disappears at this time."),
    )

    objects = BreakingNewsBannerQuerySet.as_manager()
    base_form_class = BreakingNewsBannerForm

    panels = [
        FieldPanel("label"),
        FieldPanel("article"),
        FieldPanel("text"),
        FieldPanel("starts_at"),
        FieldPanel("ending"),
        FieldPanel("ends_at"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("breaking-news banner")
        verbose_name_plural = _("breaking-news banners")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="banner_ends_after_it_starts"),
        ]
        indexes = [models.Index(fields=["ends_at", "starts_at"])]

    def __str__(self):
        return f"{self.get_label_display()}: {self.headline}"

    def get_default_locale(self):
        """A new banner belongs to its story's edition."""
        if self.article_id is not None:
            return self.article.locale
        return super().get_default_locale()

    def copy_for_translation(self, locale, exclude_fields=None):
        """The translation points at the story's own translation where there is one, so the
        other edition's readers land in their own edition."""
        copy = super().copy_for_translation(locale, exclude_fields=exclude_fields)
        story = self.article.get_translation_or_none(locale)
        if story is not None:
            copy.article = story
        return copy

    @property
    def until_removed(self):
        return self.ends_at is None

    @property
    def headline(self):
        return self.text or self.article.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The banner must end after it starts.")})
