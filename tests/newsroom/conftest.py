import datetime

import pytest

from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from dateline.newsroom.models import BreakingNewsBanner
from tests.factories import ArticlePageFactory, UserFactory


@pytest.fixture
def desk(newsroom):
    """The newsroom's staff, one of each role, and stories in every editorial state.

    The contributor owns a draft; another contributor owns a draft and a story in review;
    the editor owns a published story.
    """
    desk = newsroom
    desk.contributor = UserFactory(contributor=True, username="contributor")
    desk.other_contributor = UserFactory(contributor=True, username="other-contributor")
    desk.editor = UserFactory(editor=True, username="editor")
    desk.administrator = UserFactory(administrator=True, username="administrator")
    desk.superuser = UserFactory(superuser=True, username="superuser")

    desk.own_draft = drafted(desk, desk.contributor, "Ferry timetable changes for the winter")
    desk.others_draft = drafted(desk, desk.other_contributor, "Council votes on the bridge")
    desk.in_review = drafted(desk, desk.other_contributor, "The market moves to the square")
    desk.in_review.get_workflow().start(desk.in_review, desk.other_contributor)
    desk.published = ArticlePageFactory(parent=desk.section, owner=desk.editor,
                                        authors=[desk.author])
    desk.published.save_revision(user=desk.editor).publish(user=desk.editor)

    desk.banner = BreakingNewsBanner.objects.create(
        article=desk.published, ends_at=timezone.now() + datetime.timedelta(hours=2),
    )
    desk.image = get_image_model().objects.create(
        title="The bridge at dawn", file=get_test_image_file(), uploaded_by_user=desk.editor,
    )
    return desk


def drafted(desk, owner, title):
    """A draft with two saved versions, so there is something to compare and restore."""
    article = ArticlePageFactory(parent=desk.section, draft=True, owner=owner, title=title,
                                 authors=[desk.author])
    article.save_revision(user=owner)
    article.standfirst = "Rewritten after a second call to the harbour master."
    article.save_revision(user=owner)
    return article
