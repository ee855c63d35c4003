from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from dateline.news.models.articles import ArticlePage
from dateline.news.pagination import paginate

HOME_TOP_STORIES = 4
SECTION_RAIL_SIZE = 4
HOME_LATEST_SIZE = 8


class HomePage(Page):
    """The front page: lead story, top stories, a rail per section, latest news."""

    lead_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to lead with the newest story."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("lead_article"), InlinePanel("top_stories", label=_("Top story"))],
            heading=_("Front page"),
        ),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def front_page(self):
        """Lead, top stories, section rails and latest, without repeating a story."""
        published = ArticlePage.objects.published().descendant_of(self).for_listing()
        newest = published.newest_first()
        lead = published.filter(pk=self.lead_article_id).first() if self.lead_article_id else None
        lead = lead or newest.first()
        shown = {lead.pk} if lead else set()

        picked_ids = list(self.top_stories.values_list("article_id", flat=True))
        picked = {article.pk: article for article in published.filter(pk__in=picked_ids)}
        top = [picked[pk] for pk in picked_ids if pk in picked and pk not in shown]
        top = top[:HOME_TOP_STORIES]
        shown.update(article.pk for article in top)
        if len(top) < HOME_TOP_STORIES:
            top += list(newest.exclude(pk__in=shown)[: HOME_TOP_STORIES - len(top)])
            shown.update(article.pk for article in top)

        latest = list(newest.exclude(pk__in=shown)[:HOME_LATEST_SIZE])
        shown.update(article.pk for article in latest)

        rails = []
        for section in SectionPage.objects.child_of(self).live().in_menu().specific():
            stories = list(newest.in_section(section).exclude(pk__in=shown)[:SECTION_RAIL_SIZE])
            if stories:
                rails.append((section, stories))
        return {"lead": lead, "top_stories": top, "rails": rails, "latest": latest}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.front_page())
        return context


class HomeTopStory(Orderable):
    home = ParentalKey(HomePage, related_name="top_stories", on_delete=models.CASCADE)
    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class SectionPage(Page):
    """A section of the paper ("Iran News"); sections nest."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage"]

    class Meta:
        verbose_name = _("section")

    def articles(self):
        return ArticlePage.objects.published().in_section(self).for_listing().newest_first()

    def subsections(self):
        return SectionPage.objects.child_of(self).live().in_menu()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.articles())
        return context
