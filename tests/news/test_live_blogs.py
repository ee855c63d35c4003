"""The live blog: updates numbered in sequence per live blog, never lost by a stale revision,
withdrawn for good; its page and its updates fragment."""

import datetime
import json

import pytest

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dateline.news.live_updates import paragraphs, post_update, withdraw_update
from dateline.news.models import LiveBlogPage, LiveBlogUpdate
from tests import factories


@pytest.fixture
def blog(newsroom):
    page = factories.LiveBlogPageFactory(parent=newsroom.section, title="Storm over the coast",
                                         slug="storm")
    page.save_revision().publish()
    return LiveBlogPage.objects.get(pk=page.pk)


def numbers(blog):
    return list(LiveBlogUpdate.objects.filter(blog=blog).order_by("sequence")
                .values_list("sequence", "withdrawn"))


def test_updates_are_numbered_in_sequence_as_they_are_posted(blog, newsroom):
    post_update(blog, paragraphs("The ferry is held in port."), author=newsroom.author)
    post_update(blog, paragraphs("Winds of 90 km/h at the pier.\n\nSchools close early."))
    assert numbers(blog) == [(1, False), (2, False)]
    second = LiveBlogUpdate.objects.get(blog=blog, sequence=2)
    assert [block.block_type for block in second.body] == ["paragraph", "paragraph"]


def test_two_updates_of_one_blog_cannot_share_a_number(blog):
    post_update(blog, paragraphs("First."))
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveBlogUpdate.objects.create(blog=blog, sequence=1, body=paragraphs("Again."))


def test_a_revision_made_before_an_update_does_not_take_it_away(blog):
    stale = post_update(blog, paragraphs("Held for approval."), publish=False)
    post_update(blog, paragraphs("Published at once."))
    stale.publish()
    blog.refresh_from_db()
    texts = {update.sequence: update.body.render_as_block() for update in
             LiveBlogUpdate.objects.filter(blog=blog)}
    assert sorted(texts) == [1, 2]
    assert "Published at once." in texts[1]
    assert "Held for approval." in texts[2]  # numbered when it reached readers


def test_a_withdrawn_update_stays_withdrawn_whatever_is_published_later(blog):
    post_update(blog, paragraphs("An unverified claim."))
    before_withdrawal = post_update(blog, paragraphs("Confirmed."), publish=False)
    withdraw_update(blog, 1)
    assert numbers(blog) == [(1, True)]
    before_withdrawal.publish()
    assert numbers(blog) == [(1, True), (2, False)]


def updates_list(response):
    """The page from its list of updates on (machines' copies in the head come first)."""
    return response.content.decode().split('class="live-blog__list"')[1]


def test_the_page_shows_updates_newest_first_or_oldest_first(blog, client):
    for text in ("Morning: rain.", "Noon: wind.", "Evening: calm."):
        post_update(blog, paragraphs(text))
    withdraw_update(blog, 2)
    response = client.get("/caucasus/storm/")
    assert "Noon: wind." not in response.content.decode()
    page = updates_list(response)
    assert page.index("Evening: calm.") < page.index("Morning: rain.")
    assert 'id="update-3"' in page
    oldest = updates_list(client.get("/caucasus/storm/?order=oldest"))
    assert oldest.index("Morning: rain.") < oldest.index("Evening: calm.")


def test_the_updates_fragment_gives_updates_after_a_number_and_the_withdrawn(blog, client):
    for text in ("One.", "Two.", "Three."):
        post_update(blog, paragraphs(text))
    withdraw_update(blog, 2)
    newest = json.loads(client.get("/caucasus/storm/updates/").content)
    assert newest["latest"] == 3
    assert newest["withdrawn"] == [2]
    assert newest["complete_after"] == 0
    assert [update["sequence"] for update in newest["updates"]] == [1, 3]
    after = json.loads(client.get("/caucasus/storm/updates/?after=1").content)
    assert [update["sequence"] for update in after["updates"]] == [3]
    assert "Three." in after["updates"][0]["html"]
    assert client.get("/caucasus/storm/updates/?after=junk").status_code == 200
    assert client.get("/caucasus/storm/elsewhere/").status_code == 404


def test_an_update_timed_in_the_future_is_refused_beside_its_time(blog):
    ahead = LiveBlogUpdate(blog=blog, posted_at=timezone.now() + datetime.timedelta(hours=2),
                           body=paragraphs("The storm has passed."))
    with pytest.raises(ValidationError) as refused:
        ahead.full_clean()
    assert "in the future" in refused.value.message_dict["posted_at"][0]
    LiveBlogUpdate(blog=blog, posted_at=timezone.now(), body=paragraphs("Rain.")).full_clean()


def test_an_update_timed_a_moment_ahead_is_shown_with_the_later_ones_never_skipped(blog, client):
    """Typed to the minute, a time may lie a moment ahead of the clock: the update is shown at
    once, so a page that takes the next number has not passed over this one."""
    post_update(blog, paragraphs("Ferries held."))
    first = LiveBlogUpdate.objects.get(blog=blog, sequence=1)
    first.posted_at = timezone.now() + datetime.timedelta(minutes=1)
    first.save()
    post_update(blog, paragraphs("Ferries sail again."))
    assert LiveBlogUpdate.objects.get(blog=blog, sequence=1).posted_at > timezone.now()
    after = json.loads(client.get("/caucasus/storm/updates/?after=0").content)
    assert [update["sequence"] for update in after["updates"]] == [1, 2]
