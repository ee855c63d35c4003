"""The live blog composer: an editor's update published at once, a contributor's sent for
review, one the copy desk blocks refused with nothing saved, a withdrawal for editors only."""

import pytest

from dateline.news.models import LiveBlogPage, LiveBlogUpdate
from tests import factories


@pytest.fixture
def blog(desk):
    page = factories.LiveBlogPageFactory(parent=desk.section, title="Storm over the coast",
                                         slug="storm", owner=desk.contributor,
                                         authors=[desk.author])
    page.save_revision(user=desk.editor).publish(user=desk.editor)
    return LiveBlogPage.objects.get(pk=page.pk)


def compose_url(blog):
    return f"/admin/live-blogs/{blog.pk}/"


def test_an_editors_update_is_published_at_once(blog, desk, client):
    client.force_login(desk.editor)
    form = client.get(compose_url(blog))
    assert b"Post update" in form.content
    response = client.post(compose_url(blog), {"text": "The ferry is held in port.\n\nMore soon.",
                                               "author": desk.author.pk, "pinned": "on"})
    assert response.status_code == 302
    update = LiveBlogUpdate.objects.get(blog=blog)
    assert (update.sequence, update.pinned, update.author) == (1, True, desk.author)
    assert "The ferry is held in port." in client.get("/caucasus/storm/").content.decode()


def test_a_contributors_update_waits_for_an_editor(blog, desk, client):
    client.force_login(desk.contributor)
    response = client.post(compose_url(blog), {"text": "Sandbags at the harbour."})
    assert response.status_code == 302
    assert not LiveBlogUpdate.objects.filter(blog=blog).exists()
    blog.refresh_from_db()
    assert blog.workflow_in_progress
    again = client.post(compose_url(blog), {"text": "A second one."})
    assert b"already waiting for review" in again.content


def test_an_update_the_copy_desk_blocks_is_refused_and_nothing_is_saved(blog, desk, client):
    client.force_login(desk.editor)
    revisions = blog.revisions.count()
    response = client.post(compose_url(blog), {"text": "Lorem ipsum dolor sit amet."})
    assert response.status_code == 200
    assert b"error-message" in response.content or b"errorlist" in response.content
    assert blog.revisions.count() == revisions
    assert not LiveBlogUpdate.objects.filter(blog=blog).exists()


def test_only_those_who_may_publish_withdraw_an_update(blog, desk, client):
    client.force_login(desk.editor)
    client.post(compose_url(blog), {"text": "An unverified claim about the dam."})
    client.force_login(desk.contributor)
    refused = client.post(f"{compose_url(blog)}withdraw/1/")
    assert refused.url == "/admin/"  # the admin's answer to a permission denied
    assert not LiveBlogUpdate.objects.get(blog=blog).withdrawn
    client.force_login(desk.editor)
    assert client.post(f"{compose_url(blog)}withdraw/1/").status_code == 302
    assert LiveBlogUpdate.objects.get(blog=blog).withdrawn
    assert "unverified claim" not in client.get("/caucasus/storm/").content.decode()


def test_the_live_blog_offers_the_composer_in_its_editor_and_its_section_listing(
        blog, desk, client):
    client.force_login(desk.editor)
    assert compose_url(blog) in client.get(f"/admin/pages/{blog.pk}/edit/").content.decode()
    listing = client.get(f"/admin/pages/{desk.section.pk}/")
    assert listing.status_code == 200
    assert compose_url(blog) in listing.content.decode()


def approve(blog, editor):
    blog.refresh_from_db()
    blog.current_workflow_state.current_task_state.specific.approve(user=editor)


def shown_texts(blog):
    return [update.body.render_as_block() for update in
            LiveBlogUpdate.objects.filter(blog=blog, withdrawn=False).order_by("sequence")]


def test_an_update_posted_while_a_contributors_waits_loses_neither(blog, desk, client):
    client.force_login(desk.contributor)
    client.post(compose_url(blog), {"text": "Sandbags at the harbour."})
    client.force_login(desk.editor)
    client.post(compose_url(blog), {"text": "The ferry is held in port."})
    approve(blog, desk.editor)
    texts = shown_texts(blog)
    assert len(texts) == 2
    assert "The ferry is held in port." in texts[0]
    assert "Sandbags at the harbour." in texts[1]  # numbered when it reached readers


def test_a_withdrawal_while_a_contributors_update_waits_keeps_both_decisions(blog, desk, client):
    client.force_login(desk.editor)
    client.post(compose_url(blog), {"text": "An unverified claim about the dam."})
    client.force_login(desk.contributor)
    client.post(compose_url(blog), {"text": "Sandbags at the harbour."})
    client.force_login(desk.editor)
    client.post(f"{compose_url(blog)}withdraw/1/")
    approve(blog, desk.editor)
    texts = shown_texts(blog)
    assert len(texts) == 1 and "Sandbags at the harbour." in texts[0]
    assert LiveBlogUpdate.objects.get(blog=blog, sequence=1).withdrawn


def test_an_editors_draft_of_the_key_points_outlives_a_posted_update(blog, desk, client):
    draft = LiveBlogPage.objects.get(pk=blog.pk)
    draft.standfirst = "Draft: the storm turns north."
    draft.save_revision(user=desk.editor)
    client.force_login(desk.editor)
    client.post(compose_url(blog), {"text": "The ferry is held in port."})
    blog = LiveBlogPage.objects.get(pk=blog.pk)
    latest = blog.get_latest_revision_as_object()
    assert latest.standfirst == "Draft: the storm turns north."
    assert [update.sequence for update in latest.live_updates.all()] == [1]
    assert blog.standfirst != "Draft: the storm turns north."  # the draft stays unpublished
