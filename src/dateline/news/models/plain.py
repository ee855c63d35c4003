from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from dateline.news.blocks import PlainBodyBlock
from dateline.news.models.routing import ServedFromPath
from dateline.news.slugs import SluggedPageForm


class PlainPage(ServedFromPath, Page):
    """A page outside the news flow: About Us, Contact, Corrections policy."""

    base_form_class = SluggedPageForm

    body = StreamField(PlainBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["news.HomePage", "news.PlainPage"]

    class Meta:
        verbose_name = _("plain page")
        verbose_name_plural = _("plain pages")
