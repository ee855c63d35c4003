import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from dateline.news import cache_keys, sockets
from dateline.news.blocks import ArticleBodyBlock
from dateline.news.dates import format_date
from dateline.news.models.querysets import ArticlePageManager, parse_joined_ids
from dateline.news.models.routing import ServedFromPath
from dateline.news.page_links import links_in_order
from dateline.news.schedule_panels import ScheduleStatusPanel, schedule_dialog
from dateline.news.slugs import SluggedPageForm
from dateline.news.topic_chooser import TopicsPanel

RELATED_NEWS_SIZE = 5

# "Now" is typed to the minute, and a form takes a moment to send: a time this little ahead of
# the clock is the present, not the future.
NOW_GRACE = datetime.timedelta(minutes=2)


def later_than(limit):
    return lambda moment: moment is not None and moment > limit + NOW_GRACE


def refuse_a_time_ahead(field, moment, message):
    """A ValidationError beside ``field`` when ``moment`` lies ahead of now; ``message`` names
    the time as %(time)s, in the site's date style."""
    if later_than(timezone.now())(moment):
        raise ValidationError({field: message % {"time": format_date(moment, "datetime")}})


class ArticlePageForm(SluggedPageForm):
    """A story's dates may not lie ahead of its publication: a future time would hide the story,
    or announce an update, until a moment nobody chose as the publication time."""

    def clean(self):
        cleaned_data = super().clean()
        now = timezone.now()
        too_late = later_than(max(now, cleaned_data.get("go_live_at") or now))
        if too_late(cleaned_data.get("published_at")):
            self.add_error("published_at", _(
                "%(time)s is in the future: the story would stay hidden from readers until "
                "then. To publish later, schedule it (Status, then Schedule) and leave this "
                "empty."
            ) % {"time": format_date(cleaned_data["published_at"], "datetime")})
        if too_late(cleaned_data.get("updated_at")):
            self.add_error("updated_at", _(
                "%(time)s is in the future: readers would be told of an update that has not "
                "happened. Give the time of the update, now at the latest."
            ) % {"time": format_date(cleaned_data["updated_at"], "datetime")})
        return cleaned_data


class ArticlePage(ServedFromPath, Page):
    """A dated story filed in a section."""

    cache_key_prefix = "story"

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
    source_url = models.URLField(
        _("originally published at"), max_length=1000, blank=True,
        help_text=_("The address where this story first appeared, when it came from elsewhere "
                    "(a feed, another site)."),
    )
    show_source = models.BooleanField(
        _("show where it first appeared"), default=False,
        help_text=_("Print \"Originally published at …\" under the story."),
    )

    objects = ArticlePageManager()
    base_form_class = ArticlePageForm

    content_panels = [
        TitleFieldPanel("title", heading=_("Headline"), placeholder=_("Headline*")),
        FieldPanel("standfirst"),
        FieldPanel("dateline_place"),
        ScheduleStatusPanel(),
        InlinePanel("article_authors", heading=_("Bylines"), label=_("Author"), min_num=0),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption")],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
        TopicsPanel(),
        InlinePanel("related_picks", heading=_("Related News picks"), label=_("Related story")),
        InlinePanel("corrections", heading=_("Corrections and updates"), label=_("Note")),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("updated_at")],
                      heading=_("Dates")),
        MultiFieldPanel([FieldPanel("source_url"), FieldPanel("show_source")],
                        heading=_("Origin")),
    ]
    # Wagtail's settings panels with the scheduling dialog made usable; the first is Wagtail's
    # own scheduling dialog (tests/news/test_schedule_panels.py checks it is replaced).
    settings_panels = [schedule_dialog(), *Page.settings_panels[1:]]

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
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["published_at"], name="news_article_published_idx")]

    @classmethod
    def serving_queryset(cls):
        return cls.objects.for_serving()

    @property
    def headline(self):
        return self.title

    def section(self):
        return self.get_parent().specific

    def route(self, request, path_components):
        """Not there for readers before its publication time, as for every list (``readable``);
        editors see it in Wagtail's preview, which does not route."""
        if not self.publication_time_has_come():
            raise Http404("This story is not published yet.")
        return super().route(request, path_components)

    def publication_time_has_come(self):
        return self.published_at is not None and self.published_at <= timezone.now()

    def authors(self):
        return [byline.author for byline in self.article_authors.all()]

    # The ids below come from the query that loaded the story (``for_listing``,
    # ``for_serving``), or else from its relations: a preview's are in memory, not saved.

    def author_ids(self):
        """The page ids of the story's authors, in byline order."""
        if hasattr(self, "joined_byline_ids"):
            return parse_joined_ids(self.joined_byline_ids)
        return [byline.author_id for byline in self.article_authors.all()]

    def topic_ids(self):
        if hasattr(self, "joined_topic_ids"):
            return parse_joined_ids(self.joined_topic_ids)
        return [topic.pk for topic in self.topics.all()]

    def byline_links(self, request):
        """The authors' titles and URLs (``PageLink``), in byline order."""
        return links_in_order(request, self.author_ids())

    def topic_links(self, request):
        """The topics' titles and URLs, in the order of the topic pages."""
        return sorted(links_in_order(request, self.topic_ids()), key=lambda link: link.path)

    def pick_ids(self):
        """The editor's Related News picks, in their order."""
        if hasattr(self, "joined_pick_ids"):
            return parse_joined_ids(self.joined_pick_ids)
        return [pick.article_id for pick in self.related_picks.all()]

    def correction_notes(self):
        if getattr(self, "has_corrections", True):
            return list(self.corrections.all())
        return []

    def lead_caption(self):
        if self.lead_image is None:
            return ""
        return self.lead_image_caption or self.lead_image.caption

    def was_updated(self):
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)

    def modified_at(self):
        """The time readers and machines are told the story last changed."""
        return self.updated_at if self.was_updated() else self.published_at

    def similar_story_ids(self):
        """The stories most like this one, most similar first, as the app plugged into
        ``sockets.similar_stories`` tells it (none without such an app)."""
        return sockets.similar_story_ids(self)

    def related_news(self, limit=RELATED_NEWS_SIZE):
        """Editor picks first, then the stories most similar in content (computed in the
        background when this article was published), then, while those are not computed or too
        few, stories sharing topics and then the section, newest first.

        The picks and similar stories are known from the query that loaded the article and the
        fill-ins are asked for by id only, so the stories are read for their cards once."""
        wanted = list(dict.fromkeys([*self.pick_ids(), *self.similar_story_ids()]))
        filled_in = len(wanted) < limit
        if filled_in:
            wanted += self.fill_in_ids(exclude=wanted, limit=limit)
        chosen = self.readable_for_cards(wanted)[:limit]
        if len(chosen) < limit and not filled_in:
            # Picks or similar stories unpublished or restricted since they were chosen: fill in
            # after all.
            more = self.fill_in_ids(exclude=wanted, limit=limit - len(chosen))
            chosen += self.readable_for_cards(more)
        return chosen

    def cache_keys(self, context):
        """The story, and the stories its Related News names from its own row (the editor's
        picks and the similar stories), so that a change to one of them reaches this page.
        Fill-ins by topic and section are chosen afresh; the box is remembered per edition."""
        return super().cache_keys(context) | {
            cache_keys.story_key(pk) for pk in (*self.pick_ids(), *self.similar_story_ids())}

    def readable_for_cards(self, ids):
        """The stories among ``ids`` a reader may see, but this one, in that order, with what
        their story cards show."""
        if not ids:
            return []
        stories = ArticlePage.objects.for_listing().readable().exclude(pk=self.pk)
        found = {story.pk: story for story in stories.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def fill_in_ids(self, exclude, limit):
        """Up to ``limit`` readable stories sharing a topic, then the section, newest first."""
        readable = ArticlePage.objects.readable().exclude(pk__in=[self.pk, *exclude])
        found = []
        topic_ids = self.topic_ids()
        if topic_ids:
            # Asked of each story, newest first, until enough are found: the database walks
            # the publication-time index instead of reading every story the topics ever had.
            tagged = Exists(ArticlePage.topics.through.objects.filter(
                articlepage_id=OuterRef("pk"), topicpage_id__in=topic_ids))
            found = list(readable.filter(tagged).newest_first()
                         .values_list("pk", flat=True)[:limit])
        if len(found) < limit:
            section = readable.sibling_of(self).exclude(pk__in=found).newest_first()
            found += section.values_list("pk", flat=True)[: limit - len(found)]
        return found

    def get_sitemap_urls(self, request=None):
        """A story changes for search engines when an editor marks an update, not on every save."""
        return [{"location": self.get_full_url(request),
                 "lastmod": self.updated_at or self.published_at}]



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
    noted_at = models.DateTimeField(_("time"), default=timezone.now)
    text = models.TextField(_("text"))

    panels = [FieldPanel("kind"), FieldPanel("noted_at"), FieldPanel("text")]

    def clean(self):
        super().clean()
        # A note is shown from its time on (``readable`` notes, the corrections log): one timed
        # ahead would vanish from the story until then, without a word to the editor.
        refuse_a_time_ahead("noted_at", self.noted_at, _(
            "%(time)s is in the future: the note would stay hidden from readers until "
            "then. Give the time the story was put right, now at the latest."))

    class Meta(Orderable.Meta):
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        # Caches ask for the next note timed in the future (``news.freshness``).
        indexes = [models.Index(fields=["noted_at"], name="news_correction_noted_idx")]
