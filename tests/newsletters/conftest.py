import datetime
import re

import pytest

from django.utils import timezone

from dateline.newsletters.models import Newsletter
from tests.factories import ArticlePageFactory


@pytest.fixture
def lists(newsroom):
    """The demo's three lists: a morning briefing, a weekly from one section, alerts."""
    class Lists:
        morning = Newsletter.objects.create(name="Morning briefing", slug="morning",
                                            description="The day's news at 7.", sort_order=1)
        weekly = Newsletter.objects.create(name="Caucasus weekly", slug="caucasus-weekly",
                                           cadence=Newsletter.WEEKLY, weekday=4,
                                           window_hours=168, sort_order=2)
        alerts = Newsletter.objects.create(name="Breaking alerts", slug="alerts",
                                           cadence=Newsletter.ALERTS, story_count=1,
                                           sort_order=3)

    Lists.weekly.sections.set([newsroom.section])
    Lists.weekly.save()
    return Lists


@pytest.fixture
def stories(newsroom):
    """Published stories of the last day: two in Caucasus (one with the Water topic), one in
    World, and one from a week ago."""
    now = timezone.now()

    def story(section, title, hours_ago, **extra):
        article = ArticlePageFactory(parent=section, title=title,
                                     published_at=now - datetime.timedelta(hours=hours_ago),
                                     **extra)
        article.save_revision().publish()
        return article

    class Stories:
        bridge = story(newsroom.section, "The bridge opens to traffic", 2)
        water = story(newsroom.section, "Water rates rise in Tbilisi", 5)
        world = story(newsroom.other_section, "Talks resume in Geneva", 3)
        old = story(newsroom.section, "Last week's storm", 24 * 6)

    Stories.water.topics.add(newsroom.topic)
    Stories.water.save_revision().publish()
    return Stories


def links_in(text, kind):
    """The site's links of ``kind`` (confirm, manage, unsubscribe) in a mail's text."""
    return re.findall(rf"https?://[^\s\"<>]+/newsletters/{kind}/[^\s\"<>]+/", text)
