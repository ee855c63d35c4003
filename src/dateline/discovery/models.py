from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """The text of one published article as reader search sees it.

    The engine's own full-text structures (an FTS5 table on SQLite, a weighted tsvector column
    on PostgreSQL) are built over the ``indexed_`` columns, the text in search spelling
    (``news.text_forms.search_form``), by migration 0006, so the ORM writes plain rows and the
    database keeps its index in step. The text as written is kept for snippets.
    """

    article = models.OneToOneField(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE,
        primary_key=True, related_name="search_document",
    )
    title = models.TextField(_("headline"))
    standfirst = models.TextField(_("standfirst"), blank=True)
    body_text = models.TextField(_("body text"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True)
    indexed_title = models.TextField(_("headline as indexed"), blank=True, default="")
    indexed_standfirst = models.TextField(_("standfirst as indexed"), blank=True, default="")
    indexed_body = models.TextField(_("body text as indexed"), blank=True, default="")

    class Meta:
        verbose_name = _("search document")

    def __str__(self):
        return self.title


class SimilarStory(models.Model):
    """One automatic Related News entry: ``story`` is the ``rank``-th most similar published
    article to ``article``, as computed in the background when ``article`` was published."""

    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE,
        related_name="similar_stories",
    )
    story = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("similar story"), on_delete=models.CASCADE,
        related_name="+", related_query_name="similar_to",
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("similarity"))

    class Meta:
        verbose_name = _("similar story")
        verbose_name_plural = _("similar stories")
        ordering = ["article", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["article", "story"], name="similar_story_once"),
            models.UniqueConstraint(fields=["article", "rank"], name="similar_story_rank_once"),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.story_id}"


class AdminSearchEntry(models.Model):
    """The text of one page (drafts too), image, document or snippet as Wagtail's search, and so
    the admin, sees it.

    Keyed by the content type of the object's root model (every page is a wagtailcore.Page)
    and its primary key. Migration 0004 builds the engine's full-text structures over this
    table, as 0002 does for the reader's documents.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("content type"), on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.BigIntegerField(_("object id"))
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("body text"), blank=True)

    class Meta:
        verbose_name = _("admin search entry")
        verbose_name_plural = _("admin search entries")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"],
                                    name="admin_search_entry_once"),
        ]

    def __str__(self):
        return self.title


class StoryDay(models.Model):
    """How many stories a site shows for one day of its calendar (in the site's zone), and the
    newest publication and latest change among them: the sitemap index adds these up by year
    instead of counting the archive on every render (``sitemap_counts``).

    Kept by the publish pipeline's "sitemaps" step, which counts again the days a change takes
    a story from and brings it to. A day counts every live, unrestricted story of the site
    whatever its publication time, so a story whose time comes later needs no change; the
    index reads today and later days from the stories themselves.
    """

    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("site"),
                             on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    stories = models.PositiveIntegerField(_("stories"))
    newest = models.DateTimeField(_("newest publication"))
    lastmod = models.DateTimeField(_("latest change"))

    class Meta:
        verbose_name = _("story day")
        verbose_name_plural = _("story days")
        constraints = [
            models.UniqueConstraint(fields=["site", "day"], name="story_day_once"),
        ]

    def __str__(self):
        return f"{self.site_id} {self.day}: {self.stories}"


class CountedSite(models.Model):
    """That a site's ``StoryDay`` rows are complete, and in which zone their days were cut.
    Without one, or with another zone than the site's now, the sitemap index counts the site
    again before reading them."""

    site = models.OneToOneField("wagtailcore.Site", verbose_name=_("site"),
                                on_delete=models.CASCADE, primary_key=True, related_name="+")
    zone = models.CharField(_("time zone"), max_length=64)

    class Meta:
        verbose_name = _("counted site")

    def __str__(self):
        return f"{self.site_id} ({self.zone})"
