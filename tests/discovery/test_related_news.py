"""Related News by content similarity, computed after publishing, on SQLite and PostgreSQL."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.utils import timezone

from dateline.discovery.models import SimilarStory
from dateline.discovery.related.stories import refresh_similar_stories
from tests import factories

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def story(parent, title, text, days=1, **fields):
    article = factories.ArticlePageFactory(
        parent=parent, title=title, standfirst="", published_at=days_ago(days),
        body=[("paragraph", f"<p>{text}</p>")], **fields,
    )
    article.save_revision().publish()
    return article


DAM = ("Engineers at the Kura reservoir dam reported cracks in the spillway and the water "
       "authority lowered the reservoir level while inspectors examined the concrete.")
DAM_FOLLOW_UP = ("Inspectors finished examining the cracked spillway of the Kura reservoir dam "
                 "and the water authority said the concrete repairs will take a month.")
DAM_LATER = ("The Kura reservoir dam reopened its spillway after the concrete repairs, the "
             "water authority said, and the reservoir is filling again.")
MARKET = ("Traders at the central bazaar protested a new rent for stalls and the market "
          "committee agreed to meet the council about the fees.")
FOOTBALL = ("The city football club signed a young striker from the coast before the new "
            "season, its coach told supporters at the stadium.")


@pytest.fixture
def dam_stories(newsroom):
    unrelated = [story(newsroom.section, "Bazaar traders protest stall rents", MARKET),
                 story(newsroom.section, "Club signs a striker", FOOTBALL)]
    earlier = story(newsroom.other_section, "Cracks found in the Kura dam spillway", DAM, days=9)
    later = story(newsroom.other_section, "Kura dam spillway reopens", DAM_LATER, days=2)
    return earlier, later, unrelated


def test_publishing_lists_the_stories_most_alike_in_content(
        newsroom, dam_stories, django_capture_on_commit_callbacks):
    earlier, later, unrelated = dam_stories
    with django_capture_on_commit_callbacks(execute=True):
        article = story(newsroom.section, "Kura dam repairs to take a month", DAM_FOLLOW_UP,
                        days=5)
    listed = list(article.similar_stories.values_list("story_id", flat=True))
    assert set(listed[:2]) == {earlier.pk, later.pk}
    assert not set(listed) & {other.pk for other in unrelated}
    assert [page.pk for page in article.related_news()[:2]] == listed[:2]


def test_a_new_story_joins_the_lists_of_the_stories_it_is_like(
        newsroom, dam_stories, django_capture_on_commit_callbacks):
    earlier, later, _ = dam_stories
    refresh_similar_stories(earlier.pk, ripple=False)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = story(newsroom.section, "Kura dam repairs to take a month", DAM_FOLLOW_UP,
                          days=5)
    assert follow_up.pk in earlier.similar_stories.values_list("story_id", flat=True)


def test_equal_matches_rank_the_story_closer_in_time_first(newsroom):
    article = story(newsroom.section, "Kura dam repairs to take a month", DAM_FOLLOW_UP,
                    days=100)
    near = story(newsroom.other_section, "Kura dam spillway cracks", DAM, days=104)
    far = story(newsroom.other_section, "Kura dam spillway cracks", DAM, days=700)
    assert refresh_similar_stories(article.pk, ripple=False)[:2] == [near.pk, far.pk]


def test_a_shared_topic_lifts_an_otherwise_equal_story(newsroom):
    article = story(newsroom.section, "Kura dam repairs to take a month", DAM_FOLLOW_UP,
                    topics=[newsroom.topic])
    untagged = story(newsroom.other_section, "Kura dam spillway cracks", DAM, days=3)
    tagged = story(newsroom.other_section, "Kura dam spillway cracks", DAM, days=3,
                   topics=[newsroom.topic])
    assert refresh_similar_stories(article.pk, ripple=False)[:2] == [tagged.pk, untagged.pk]


def test_never_itself_drafts_or_duplicates(newsroom, dam_stories):
    earlier, later, _ = dam_stories
    draft = factories.ArticlePageFactory(
        parent=newsroom.section, title="Kura dam cracks", draft=True,
        body=[("paragraph", f"<p>{DAM}</p>")],
    )
    article = story(newsroom.section, "Kura dam repairs to take a month", DAM_FOLLOW_UP)
    listed = refresh_similar_stories(article.pk)
    assert article.pk not in listed and draft.pk not in listed
    assert len(listed) == len(set(listed))
    related = article.related_news()
    assert len({page.pk for page in related}) == len(related)
    assert article.pk not in {page.pk for page in related}


def test_unpublishing_a_story_takes_it_out_of_every_list(
        newsroom, dam_stories, django_capture_on_commit_callbacks):
    earlier, later, _ = dam_stories
    article = story(newsroom.section, "Kura dam repairs to take a month", DAM_FOLLOW_UP)
    refresh_similar_stories(article.pk, ripple=False)
    assert earlier.pk in article.similar_stories.values_list("story_id", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        earlier.unpublish()
    assert earlier.pk not in article.similar_stories.values_list("story_id", flat=True)
    assert earlier.pk not in {page.pk for page in article.related_news()}


def test_editor_picks_come_before_similar_stories(newsroom, dam_stories):
    earlier, later, unrelated = dam_stories
    article = story(newsroom.section, "Kura dam repairs to take a month", DAM_FOLLOW_UP)
    refresh_similar_stories(article.pk, ripple=False)
    article.related_picks.create(article=unrelated[0], sort_order=0)
    related = [page.pk for page in article.related_news()]
    assert related[0] == unrelated[0].pk
    assert set(related[1:3]) == {earlier.pk, later.pk}


def test_the_article_page_shows_similar_stories(client, newsroom, dam_stories):
    earlier, _, _ = dam_stories
    article = story(newsroom.other_section, "Kura dam repairs to take a month", DAM_FOLLOW_UP)
    refresh_similar_stories(article.pk, ripple=False)
    html = client.get(article.url).content.decode()
    assert "Related News" in html and earlier.title in html


def test_rebuilding_computes_related_news_for_every_published_article(newsroom, dam_stories):
    SimilarStory.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_related_news", stdout=out)
    assert "for 4 articles" in out.getvalue()
    earlier, later, _ = dam_stories
    assert later.pk in earlier.similar_stories.values_list("story_id", flat=True)
