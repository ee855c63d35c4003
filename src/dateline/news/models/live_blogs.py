"""The live blog: a story whose page grows by timestamped updates while the coverage runs.

A live blog is an article (its headline, standfirst, bylines, section and the body as the key
points the editor keeps current), so every list, feed, banner and purge that knows stories
knows it. Its updates are child rows of the page: each one is posted as a new revision of the
live blog and published through the publish pipeline like any other change, so the copy desk
and the review workflow see it.

Each update gets the next number of its live blog when it first reaches the database, in the
transaction that saves the page, with the live blog's row locked: numbers are unique per live
blog and only grow, so a reader's page asks for "updates after N" and never shows one twice or
misses one. An update once numbered is never lost by publishing a revision that was made
before it (a contributor's update approved later), and a withdrawn update stays withdrawn.
"""

import functools

from django.db import models, transaction
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page

from dateline.news import cache_keys
from dateline.news.blocks import ArticleBodyBlock
from dateline.news.models.articles import ArticlePage, refuse_a_time_ahead

# What the updates fragment carries: the newest updates, enough for a reader who looked away
# for a while; one further behind asks for the updates after the last one it has.
FRAGMENT_SIZE = 20
UPDATES_PATH = "updates"


class LiveBlogPage(ArticlePage):
    """A live blog: key points on top, then the updates, newest first."""

    coverage_ended_at = models.DateTimeField(
        _("coverage ended at"), null=True, blank=True,
        help_text=_("Set when the coverage has ended: the page says so, stops asking for new "
                    "updates and stays as an archived page."),
    )

    content_panels = [
        *ArticlePage.content_panels[:5],
        FieldPanel("body", heading=_("Key points")),
        MultiFieldPanel([FieldPanel("coverage_ended_at")], heading=_("Coverage")),
        InlinePanel("live_updates", heading=_("Updates"), label=_("Update")),
        *ArticlePage.content_panels[7:],
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    template = "news/live_blog_page.html"

    class Meta:
        verbose_name = _("live blog")
        verbose_name_plural = _("live blogs")

    def coverage_has_ended(self):
        return self.coverage_ended_at is not None and self.coverage_ended_at <= timezone.now()

    @functools.cached_property
    def numbered_updates(self):
        """Every numbered update, shown or withdrawn, oldest first; read once per page."""
        return sorted((update for update in self.live_updates.all()
                       if update.sequence is not None), key=lambda update: update.sequence)

    def shown_updates(self):
        """The updates readers see, oldest first."""
        return [update for update in self.numbered_updates if update.is_shown()]

    def withdrawn_sequences(self):
        return [update.sequence for update in self.numbered_updates if update.withdrawn]

    def latest_sequence(self):
        return self.numbered_updates[-1].sequence if self.numbered_updates else 0

    def modified_at(self):
        """The latest update's time, when it is later than the story's own."""
        shown = self.shown_updates()
        latest = shown[-1].posted_at if shown else None
        own = super().modified_at()
        return max(filter(None, (own, latest)), default=None)

    def own_paths(self):
        """The paths below the page's URL that serve it too, purged with it."""
        return ("", f"{UPDATES_PATH}/")

    def route(self, request, path_components):
        if path_components == [UPDATES_PATH]:
            if not self.live or not self.publication_time_has_come():
                raise Http404("This live blog is not published yet.")
            return self, (), {"updates_fragment": True}
        return super().route(request, path_components)

    def serve(self, request, *args, updates_fragment=False, **kwargs):
        if updates_fragment:
            response = self.updates_fragment(request)
            return cache_keys.mark(response, self.cache_keys({}))
        return super().serve(request, *args, **kwargs)

    def updates_fragment(self, request):
        """The updates after ``?after=N`` (by default the newest few) as rendered HTML, with
        the numbers of withdrawn updates, so that an open page adds the new ones and removes
        the withdrawn ones. One shared address for every reader, answered from the page
        cache and by a CDN with 304s until a purge."""
        try:
            after = int(request.GET.get("after", ""))
        except ValueError:
            after = None
        shown = self.shown_updates()
        if after is None:
            updates = shown[-FRAGMENT_SIZE:]
            # Every shown update after this number is in the answer.
            complete_after = updates[0].sequence - 1 if len(shown) > FRAGMENT_SIZE else 0
        else:
            updates = [update for update in shown if update.sequence > after]
            complete_after = after
        return JsonResponse({
            "latest": self.latest_sequence(),
            "complete_after": complete_after,
            "ended": self.coverage_has_ended(),
            "withdrawn": self.withdrawn_sequences(),
            "updates": [{
                "sequence": update.sequence,
                "pinned": update.pinned,
                "html": render_to_string("news/live_blog_update.html",
                                         {"update": update, "page": self}, request=request),
            } for update in updates],
        }, json_dumps_params={"ensure_ascii": False})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        shown = self.shown_updates()
        oldest_first = request.GET.get("order") == "oldest"
        context["oldest_first"] = oldest_first
        context["updates"] = shown if oldest_first else shown[::-1]
        context["pinned_updates"] = [update for update in shown[::-1] if update.pinned]
        return context

    def save(self, *args, **kwargs):
        """Numbers new updates, keeps the numbered ones a stale revision leaves out, and keeps
        withdrawn ones withdrawn, whenever the updates themselves are written."""
        update_fields = kwargs.get("update_fields")
        if self.pk is None or (update_fields is not None and "live_updates" not in update_fields):
            return super().save(*args, **kwargs)
        self.__dict__.pop("numbered_updates", None)
        with transaction.atomic():
            # The live blog's row, locked: two editors posting at once get two numbers.
            Page.objects.select_for_update().filter(pk=self.pk).values_list("pk").first()
            stored = {
                update.pk: update for update in
                LiveBlogUpdate.objects.select_for_update().filter(blog_id=self.pk)
            }
            in_hand = list(self.live_updates.all())
            present = set()
            for update in in_hand:
                kept = stored.get(update.pk)
                if kept is None:
                    update.pk = None
                    update.sequence = None
                else:
                    update.sequence = kept.sequence
                    update.withdrawn = update.withdrawn or kept.withdrawn
                    present.add(update.pk)
            numbered = [each.sequence for each in stored.values() if each.sequence is not None]
            next_number = max(numbered, default=0) + 1
            for update in sorted((each for each in in_hand if each.sequence is None),
                                 key=lambda each: each.posted_at):
                update.sequence = next_number
                next_number += 1
            left_out = [update for pk, update in stored.items() if pk not in present]
            if left_out:
                self.live_updates.add(*left_out)
            return super().save(*args, **kwargs)


class LiveBlogUpdate(Orderable):
    """One timestamped update of a live blog, with its own author and permanent link."""

    blog = ParentalKey(LiveBlogPage, related_name="live_updates", on_delete=models.CASCADE)
    sequence = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    posted_at = models.DateTimeField(_("time"), default=timezone.now)
    author = models.ForeignKey(
        "news.AuthorPage", verbose_name=_("author"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    pinned = models.BooleanField(_("pinned"), default=False,
                                 help_text=_("Shown on top of the live blog as well."))
    is_correction = models.BooleanField(
        _("correction"), default=False,
        help_text=_("Marks the update as a correction of an earlier one."))
    withdrawn = models.BooleanField(
        _("withdrawn"), default=False,
        help_text=_("Taken down: it disappears from every page at once and cannot come back."))

    panels = [FieldPanel("posted_at"), FieldPanel("author"), FieldPanel("body"),
              FieldPanel("pinned"), FieldPanel("is_correction"), FieldPanel("withdrawn")]

    class Meta(Orderable.Meta):
        verbose_name = _("live blog update")
        verbose_name_plural = _("live blog updates")
        constraints = [models.UniqueConstraint(fields=["blog", "sequence"],
                                               name="news_live_update_sequence_unique")]

    def clean(self):
        super().clean()
        # An update is shown from the moment it is numbered, and open pages take the numbers in
        # order: one timed ahead would show a time not yet come, or, hidden until then, be
        # skipped by every page that had taken a later number.
        refuse_a_time_ahead("posted_at", self.posted_at, _(
            "%(time)s is in the future: readers would be shown an update from a time that "
            "has not come. Give the time of the update, now at the latest."))

    def is_shown(self):
        return self.sequence is not None and not self.withdrawn

    def anchor(self):
        return f"update-{self.sequence}"
