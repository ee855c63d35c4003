from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from dateline.news import cache_keys
from dateline.news.models.articles import ArticlePage
from dateline.news.models.querysets import OwnTablePageManager
from dateline.news.models.routing import OnePerEdition, ServedFromPath
from dateline.news.pagination import paginate_stories
from dateline.news.slugs import SluggedPageForm


class AuthorIndexPage(OnePerEdition, ServedFromPath, Page):
    """/authors/: the newsroom's staff list."""

    base_form_class = SluggedPageForm

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.AuthorPage"]

    class Meta:
        verbose_name = _("author index")
        verbose_name_plural = _("author indexes")

    def authors(self):
        return (AuthorPage.objects.child_of(self).live().from_own_table()
                .select_related("photo").order_by("title"))


class AuthorPage(ServedFromPath, Page):
    """A journalist's page: who they are and what they wrote."""

    base_form_class = SluggedPageForm

    role = models.CharField(_("role"), max_length=120, blank=True)
    bio = RichTextField(_("biography"), blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        "news.NewsImage", verbose_name=_("photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    email = models.EmailField(_("public email"), blank=True)

    content_panels = [
        TitleFieldPanel("title", heading=_("Name"), placeholder=_("Name*")),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("email"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("bio")]
    parent_page_types = ["news.AuthorIndexPage"]
    subpage_types = []

    objects = OwnTablePageManager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    @classmethod
    def serving_queryset(cls):
        return super().serving_queryset().select_related("photo")

    @property
    def name(self):
        return self.title

    def articles(self):
        return ArticlePage.objects.for_listing().readable().by_author(self).newest_first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate_stories(request, self.articles(),
                                               counted_as=("author", self.pk))
        return context

    def cache_keys(self, context):
        return super().cache_keys(context) | cache_keys.story_keys(context.get("articles", ()))
