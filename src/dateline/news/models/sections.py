from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from dateline.news import cache_keys
from dateline.news.models.articles import ArticlePage
from dateline.news.models.querysets import (
    SectionPageManager,
    joined_ids,
    newest_ids_of_each,
    parse_joined_ids,
)
from dateline.news.models.routing import OnePerEdition, ServedFromPath, route_on_path
from dateline.news.pagination import paginate_stories
from dateline.news.slugs import SluggedPageForm
from dateline.news.translations import front_pages

HOME_TOP_STORIES = 4
SECTION_RAIL_SIZE = 4
HOME_LATEST_SIZE = 8


class HomePage(OnePerEdition, ServedFromPath, Page):
    """The front page: lead story, top stories, a rail per section, latest news."""

    base_form_class = SluggedPageForm

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

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    @classmethod
    def serving_queryset(cls):
        return super().serving_queryset().annotate(
            joined_top_story_ids=joined_ids(HomeTopStory, "home", "article_id", "sort_order"))

    def top_story_ids(self):
        """The editor's top story picks, in order; from the query that loaded the page, or
        from the picks in memory (a preview)."""
        if hasattr(self, "joined_top_story_ids"):
            return parse_joined_ids(self.joined_top_story_ids)
        return [story.article_id for story in self.top_stories.all()]

    @property
    def localized(self):
        """The front page of the request's language edition, from which Wagtail routes the
        request (``Page.route_for_request``): remembered, where Wagtail's own asks the
        database twice a request."""
        return front_pages(self).get(get_language(), self)

    def route(self, request, path_components):
        """Every page of the site is found from here in two queries (see ``routing``)."""
        return (route_on_path(self, request, path_components)
                or super().route(request, path_components))

    def front_page(self):
        """Lead, top stories, section rails and latest, without repeating a story.

        The ids are chosen first, in one query that reads the publication-time index from the
        newest story down for the site and for each section, so it costs no more as the
        archive grows; then the chosen stories are read for their cards in one more."""
        stories = ArticlePage.objects.readable().descendant_of(self)
        picked_ids = list(dict.fromkeys(self.top_story_ids()))
        chosen_ids = [self.lead_article_id, *picked_ids] if self.lead_article_id else picked_ids
        sections = list(SectionPage.objects.in_menu_under(self))
        enough = 1 + HOME_TOP_STORIES + HOME_LATEST_SIZE + len(chosen_ids) + SECTION_RAIL_SIZE
        parts = [stories, *(stories.in_section(section) for section in sections)]
        if chosen_ids:
            parts.append(stories.filter(pk__in=chosen_ids))
        newest, *in_sections = newest_ids_of_each(parts, enough)
        published_chosen = set(in_sections.pop()) if chosen_ids else set()

        lead_id = (self.lead_article_id if self.lead_article_id in published_chosen
                   else next(iter(newest), None))
        shown = {lead_id} if lead_id else set()
        top_ids = [pk for pk in picked_ids if pk in published_chosen and pk not in shown]
        top_ids = top_ids[:HOME_TOP_STORIES]
        shown.update(top_ids)
        top_ids += [pk for pk in newest if pk not in shown][: HOME_TOP_STORIES - len(top_ids)]
        shown.update(top_ids)
        latest_ids = [pk for pk in newest if pk not in shown][:HOME_LATEST_SIZE]
        shown.update(latest_ids)
        rail_ids = [[pk for pk in ids if pk not in shown][:SECTION_RAIL_SIZE]
                    for ids in in_sections]

        cards = self.story_cards([*shown, *(pk for ids in rail_ids for pk in ids)])
        rails = [(section, [cards[pk] for pk in ids if pk in cards])
                 for section, ids in zip(sections, rail_ids, strict=True)]
        return {
            "lead": cards.get(lead_id),
            "top_stories": [cards[pk] for pk in top_ids if pk in cards],
            "latest": [cards[pk] for pk in latest_ids if pk in cards],
            "rails": [(section, stories) for section, stories in rails if stories],
        }

    def story_cards(self, ids):
        """{id: story} for the site's published stories among ``ids``, ready for story cards."""
        if not ids:
            return {}
        stories = ArticlePage.objects.for_listing().readable().descendant_of(self)
        return {story.pk: story for story in stories.filter(pk__in=ids)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.front_page())
        return context

    def cache_keys(self, context):
        shown = [context.get("lead"), *context.get("top_stories", ()),
                 *context.get("latest", ()),
                 *(story for _section, stories in context.get("rails", ()) for story in stories)]
        return super().cache_keys(context) | cache_keys.story_keys(shown)


class HomeTopStory(Orderable):
    home = ParentalKey(HomePage, related_name="top_stories", on_delete=models.CASCADE)
    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class SectionPage(ServedFromPath, Page):
    """A section of the paper ("Iran News"); sections nest."""

    base_form_class = SluggedPageForm

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    objects = SectionPageManager()

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage", "news.LiveBlogPage"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def articles(self):
        return ArticlePage.objects.for_listing().readable().in_section(self).newest_first()

    def subsections(self):
        return SectionPage.objects.in_menu_under(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate_stories(request, self.articles(),
                                               counted_as=("section", self.pk))
        return context

    def cache_keys(self, context):
        return super().cache_keys(context) | cache_keys.story_keys(context.get("articles", ()))
