from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """The text of one published article as reader search sees it.

    The engine's own full-text structures (an FTS5 table on SQLite, a weighted tsvector column
    on PostgreSQL) are built over this table by migration 0002, so the ORM writes plain rows and
    the database keeps its index in step.
    """

    article = models.OneToOneField(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE,
        primary_key=True, related_name="search_document",
    )
    title = models.TextField(_("headline"))
    standfirst = models.TextField(_("standfirst"), blank=True)
    body_text = models.TextField(_("body text"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True)

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return self.title
