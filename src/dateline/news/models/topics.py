from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from dateline.news import cache_keys
from dateline.news.models.articles import ArticlePage
from dateline.news.models.querysets import OwnTablePageManager
from dateline.news.models.routing import OnePerEdition, ServedFromPath
from dateline.news.pagination import paginate_stories
from dateline.news.slugs import SluggedPageForm


class TopicIndexPage(OnePerEdition, ServedFromPath, Page):
    """/topics/: every running subject the newsroom follows."""

    base_form_class = SluggedPageForm

    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.TopicPage"]

    class Meta:
        verbose_name = _("topic index")
        verbose_name_plural = _("topic indexes")

    def topics(self):
        return TopicPage.objects.child_of(self).live().from_own_table().order_by("title")


class TopicPage(ServedFromPath, Page):
    """A subject that cuts across sections, such as Energy or Water."""

    base_form_class = SluggedPageForm

    description = models.TextField(_("description"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("description")]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["news.TopicIndexPage"]
    subpage_types = []

    objects = OwnTablePageManager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def articles(self):
        return ArticlePage.objects.for_listing().readable().with_topic(self).newest_first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate_stories(request, self.articles(),
                                               counted_as=("topic", self.pk))
        return context

    def cache_keys(self, context):
        return super().cache_keys(context) | cache_keys.story_keys(context.get("articles", ()))
