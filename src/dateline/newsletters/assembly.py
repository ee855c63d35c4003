"""Issues composed from the day's journalism: the stories a list's rule selects, and the moments
a scheduled list is due.

A rule is the list's sections (with their subsections), topics and time window; stories are
what readers may read (``readable()``), newest first. An editor's own choices come first: the
stories already on an issue keep their order, the rule's fill in after them.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from dateline.news.dates import format_date
from dateline.news.models import ArticlePage, SiteSettings
from dateline.newsletters.models import Issue, IssueStory, Newsletter

# A scheduled issue whose time passed longer ago than this (the worker was stopped) is not
# assembled: yesterday's morning briefing is no use this evening.
LATE_BY_AT_MOST = datetime.timedelta(hours=3)


def selected_stories(newsletter, now=None):
    """The stories the list's rule picks at ``now``, newest first."""
    now = now or timezone.now()
    stories = (ArticlePage.objects.readable()
               .published_between(now - datetime.timedelta(hours=newsletter.window_hours), now)
               # A list's readers read its edition: a Persian list, the Persian stories.
               .filter(locale__language_code=newsletter.edition_language))
    sections = list(newsletter.sections.all())
    if sections:
        within = Q()
        for section in sections:
            within |= Q(path__startswith=section.path) & Q(depth__gt=section.depth)
        stories = stories.filter(within)
    topics = list(newsletter.topics.all())
    if topics:
        stories = stories.filter(topics__in=topics).distinct()
    return list(stories.newest_first()[:newsletter.story_count])


def fill(issue, now=None):
    """Adds the rule's stories after the ones the issue already has, up to the list's count."""
    kept = list(issue.story_rows.values_list("article_id", flat=True))
    order = len(kept)
    for article in selected_stories(issue.newsletter, now):
        if order >= issue.newsletter.story_count:
            break
        if article.pk not in kept:
            IssueStory.objects.create(issue=issue, article=article, sort_order=order)
            order += 1
    return issue


def site_zone():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return datetime.UTC
    return SiteSettings.for_site(site).zone()


def latest_slot(newsletter, now):
    """The latest scheduled moment of a daily or weekly list at or before ``now``, in the
    site's time zone; None for lists sent by hand."""
    if newsletter.cadence not in (Newsletter.DAILY, Newsletter.WEEKLY):
        return None
    local = now.astimezone(site_zone())
    day = local.date()
    for _back in range(8):
        moment = datetime.datetime.combine(day, newsletter.send_time, tzinfo=local.tzinfo)
        if moment <= local and (newsletter.cadence == Newsletter.DAILY
                                or day.weekday() == newsletter.weekday):
            return moment.astimezone(datetime.UTC)
        day -= datetime.timedelta(days=1)
    return None


def default_subject(newsletter, moment):
    with override(newsletter.edition_language):
        return _("%(name)s, %(date)s") % {"name": newsletter.name,
                                           "date": format_date(moment, "date")}


def assemble_due(now=None):
    """For each scheduled list whose time has come, its issue for that time, assembled once
    (approved at once when the list goes out without approval); the issues made."""
    now = now or timezone.now()
    made = []
    for newsletter in Newsletter.objects.filter(cadence__in=[Newsletter.DAILY,
                                                             Newsletter.WEEKLY]):
        slot = latest_slot(newsletter, now)
        if slot is None or now - slot > LATE_BY_AT_MOST:
            continue
        if Issue.objects.filter(newsletter=newsletter, assembled_for=slot).exists():
            continue
        try:
            with transaction.atomic():
                issue = Issue.objects.create(
                    newsletter=newsletter, assembled_for=slot, send_at=slot,
                    subject=default_subject(newsletter, slot),
                    status=Issue.APPROVED if newsletter.send_without_approval else Issue.DRAFT,
                    approved_at=now if newsletter.send_without_approval else None,
                )
                fill(issue, now)
        except IntegrityError:
            continue  # another worker assembled it in the meantime
        made.append(issue)
    return made
