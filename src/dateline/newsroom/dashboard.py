"""The newsroom's home in the admin: what an editor or reporter does next, on one screen.

Wagtail's dashboard lists "your most recent edits" and leaves the rest to the page explorer.
A newsroom starts its day from other questions: where do I write a story, what have I left
unfinished, what waits for my review, what goes live later, what went out today, and is the
copy desk unhappy with anything readers can see. Each is a panel here. Wagtail's own review
panels ("Awaiting your review", "Your pages in a workflow") and its locked-pages panel stay, as
do panels other apps add; only the recent-edits panel, which "My drafts" replaces, is removed.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import RecentEditsPanel
from wagtail.models import Page, Revision

from dateline.copydesk.registry import run_checks
from dateline.news import edition
from dateline.news.models import ArticlePage, SectionPage

DRAFTS_SHOWN = 10
# The copy desk reads each story in full; the newest stories are the ones an editor can still
# fix before most readers arrive. `dateline audit_site` checks the whole site.
LIVE_STORIES_CHECKED = 30


class NewsroomPanel(Component):
    name = ""
    heading = ""
    order = 0

    class Media:
        css = {"all": ["newsroom/dashboard.css"]}

    def get_context_data(self, parent_context):
        return {"panel": self, "request": parent_context["request"],
                **self.rows(parent_context["request"])}

    def rows(self, request):
        raise NotImplementedError


class WriteStoryPanel(NewsroomPanel):
    """A button per section the user may file a story in."""

    name = "write_story"
    heading = _("Write a story")
    order = 50
    template_name = "newsroom/dashboard/write_story.html"

    def rows(self, request):
        sections = [section for section in SectionPage.objects.order_by("path")
                    if section.permissions_for_user(request.user).can_add_subpage()]
        return {"sections": [
            (section, reverse("wagtailadmin_pages:add",
                              args=["news", "articlepage", section.pk]))
            for section in sections
        ]}


class MyDraftsPanel(NewsroomPanel):
    """Stories the user owns or last saved that have changes readers do not see yet."""

    name = "my_drafts"
    heading = _("My drafts")
    order = 200
    template_name = "newsroom/dashboard/my_drafts.html"

    def rows(self, request):
        user = request.user
        drafts = (ArticlePage.objects
                  .filter(Q(owner=user) | Q(latest_revision__user=user),
                          has_unpublished_changes=True)
                  .prefetch_workflow_states().annotate_approved_schedule()
                  .order_by("-latest_revision_created_at", "-pk"))
        return {"drafts": list(drafts[:DRAFTS_SHOWN])}


class ScheduledPanel(NewsroomPanel):
    """What goes live by the clock: versions scheduled to publish, and live stories whose
    publication time is still ahead (readers see them from then)."""

    name = "scheduled"
    heading = _("Scheduled")
    order = 230
    template_name = "newsroom/dashboard/scheduled.html"

    def rows(self, request):
        revisions = list(Revision.page_revisions
                         .filter(approved_go_live_at__isnull=False)
                         .select_related("user").order_by("approved_go_live_at"))
        pages = Page.objects.specific().in_bulk([int(r.object_id) for r in revisions])
        items = [{"page": pages[int(revision.object_id)], "at": revision.approved_go_live_at,
                  "by": revision.user, "kind": "publish"}
                 for revision in revisions if int(revision.object_id) in pages]
        waiting = ArticlePage.objects.live().filter(published_at__gt=timezone.now())
        items += [{"page": page, "at": page.published_at, "by": None, "kind": "timed"}
                  for page in waiting]
        return {"items": sorted(items, key=lambda item: item["at"])}


class PublishedTodayPanel(NewsroomPanel):
    """Stories whose publication time fell today, in the site's time zone."""

    name = "published_today"
    heading = _("Published today")
    order = 240
    template_name = "newsroom/dashboard/published_today.html"

    def rows(self, request):
        start = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time.min))
        stories = (ArticlePage.objects.published().published_between(start)
                   .prefetch_related("article_authors__author").newest_first())
        return {"stories": [(story, story.get_parent().specific) for story in stories]}


class CopyDeskFindingsPanel(NewsroomPanel):
    """What the copy desk finds in the newest live stories, which readers see now."""

    name = "copy_desk_findings"
    heading = _("Copy-desk findings on live stories")
    order = 250
    template_name = "newsroom/dashboard/copy_desk_findings.html"

    def rows(self, request):
        # Reading 30 stories in full costs most of a second; the answer holds until something
        # is published or saved (a new edition), or for a minute.
        return edition.remembered("copy_desk_findings", 0, read_findings_on_live_stories)


def read_findings_on_live_stories():
    stories = ArticlePage.objects.live().newest_first()[:LIVE_STORIES_CHECKED]
    found = [(story, run_checks(story)) for story in stories]
    return {
        "faulty": [{"pk": story.pk, "title": story.get_admin_display_title(),
                    "findings": [{"blocks": finding.blocks, "text": str(finding)}
                                 for finding in findings]}
                   for story, findings in found if findings],
        "checked": len(found),
    }


NEWSROOM_PANELS = (WriteStoryPanel, MyDraftsPanel, ScheduledPanel, PublishedTodayPanel,
                   CopyDeskFindingsPanel)


def newsroom_home(request, panels):
    """The ``construct_homepage_panels`` hook: the newsroom's panels in place of Wagtail's
    recent edits. Other apps' panels are left where they are."""
    panels[:] = [panel for panel in panels if not isinstance(panel, RecentEditsPanel)]
    panels.extend(panel() for panel in NEWSROOM_PANELS)
