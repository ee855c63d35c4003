from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from dateline.news.blocks import ArticleBodyBlock
from dateline.news.models.querysets import ArticlePageManager

RELATED_NEWS_SIZE = 5


class ArticlePage(Page):
    """A dated story filed in a section."""

    standfirst = models.TextField(
        _("standfirst"), max_length=400, blank=True,
        help_text=_("One or two sentences under the headline; also the summary in listings."),
    )
    dateline_place = models.CharField(
        _("dateline"), max_length=100, blank=True,
        help_text=_("Where the story was reported from, e.g. TABRIZ."),
    )
    lead_image = models.ForeignKey(
        "news.NewsImage", verbose_name=_("lead image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    lead_image_caption = models.CharField(
        _("lead image caption"), max_length=500, blank=True,
        help_text=_("Leave empty to use the image's default caption."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    topics = ParentalManyToManyField(
        "news.TopicPage", verbose_name=_("topics"), blank=True, related_name="tagged_articles"
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True,
        help_text=_("Leave empty to use the time of first publication."),
    )
    updated_at = models.DateTimeField(
        _("updated at"), null=True, blank=True,
        help_text=_("Set only for a substantive update that readers should know about."),
    )

    objects = ArticlePageManager()

    content_panels = [
        FieldPanel("title", heading=_("Headline")),
        FieldPanel("standfirst"),
        FieldPanel("dateline_place"),
        InlinePanel("article_authors", heading=_("Bylines"), label=_("Author"), min_num=0),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption")],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("related_picks", heading=_("Related News picks"), label=_("Related story")),
        InlinePanel("corrections", heading=_("Corrections and updates"), label=_("Note")),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("updated_at")],
                      heading=_("Dates")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        indexes = [models.Index(fields=["published_at"], name="news_article_published_idx")]

    @property
    def headline(self):
        return self.title

    def section(self):
        return self.get_parent().specific

    def authors(self):
        return [byline.author for byline in self.article_authors.all()]

    def lead_caption(self):
        if self.lead_image is None:
            return ""
        return self.lead_image_caption or self.lead_image.caption

    def was_updated(self):
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)

    def modified_at(self):
        """The time readers and machines are told the story last changed."""
        return self.updated_at if self.was_updated() else self.published_at

    def related_news(self, limit=RELATED_NEWS_SIZE):
        """Editor picks first, then the stories most similar in content (computed in the
        background when this article was published), then, while those are not computed or too
        few, stories sharing topics and then the section, newest first."""
        published = ArticlePage.objects.published().exclude(pk=self.pk).for_listing()
        picked_ids = list(self.related_picks.values_list("article_id", flat=True))
        picked = {article.pk: article for article in published.filter(pk__in=picked_ids)}
        chosen = [picked[pk] for pk in dict.fromkeys(picked_ids) if pk in picked][:limit]
        fill_ins = [
            # The discovery app stores similar stories; news reads them by relation name only.
            lambda seen: published.filter(similar_to__article=self).exclude(pk__in=seen)
            .order_by("similar_to__rank"),
            # A preview's topics are an in-memory relation, which has no values_list("pk").
            lambda seen: published.filter(topics__in=[topic.pk for topic in self.topics.all()])
            .exclude(pk__in=seen).distinct().newest_first(),
            lambda seen: published.sibling_of(self).exclude(pk__in=seen).newest_first(),
        ]
        for fill_in in fill_ins:
            if len(chosen) >= limit:
                break
            chosen += list(fill_in([article.pk for article in chosen])[: limit - len(chosen)])
        return chosen

    def get_sitemap_urls(self, request=None):
        """A story changes for search engines when an editor marks an update, not on every save."""
        return [{"location": self.get_full_url(request),
                 "lastmod": self.updated_at or self.published_at}]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_news"] = self.related_news()
        return context


class ArticleAuthor(Orderable):
    """One byline; the order of bylines is the order on the page."""

    article = ParentalKey(ArticlePage, related_name="article_authors", on_delete=models.CASCADE)
    author = models.ForeignKey(
        "news.AuthorPage", verbose_name=_("author"), on_delete=models.CASCADE,
        related_name="bylines",
    )

    panels = [FieldPanel("author")]


class ArticleRelatedPick(Orderable):
    article_page = ParentalKey(ArticlePage, related_name="related_picks", on_delete=models.CASCADE)
    article = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class ArticleCorrection(Orderable):
    """A dated note telling readers what changed in the story and why."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = ParentalKey(ArticlePage, related_name="corrections", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    noted_at = models.DateTimeField(_("time"))
    text = models.TextField(_("text"))

    panels = [FieldPanel("kind"), FieldPanel("noted_at"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("correction or update")
