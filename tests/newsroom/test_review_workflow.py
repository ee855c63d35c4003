"""Draft → in review → published: contributors submit, editors approve or ask for changes."""

import pytest

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState

from dateline.news.models import ArticlePage
from dateline.newsroom.review import ReviewTask
from tests.admin_forms import article_form

pytestmark = pytest.mark.django_db

SUBMIT = {"action-submit": "action-submit"}


def submitted(client, desk, paragraph="Ferries will run twice a day from December."):
    """A story the contributor writes in the admin and submits for review."""
    client.force_login(desk.contributor)
    story = ArticlePage(title="Winter ferry timetable", slug="winter-ferries",
                        standfirst="Fewer crossings.", dateline_place="BAKU")
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", desk.section.pk])
    response = client.post(add_url, article_form(story, authors=[desk.author],
                                                 paragraph=paragraph, **SUBMIT))
    assert response.status_code == 302
    return ArticlePage.objects.get(slug="winter-ferries")


def act(client, user, story, action, comment=""):
    client.force_login(user)
    task_state = story.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_every_page_goes_through_the_review_workflow(desk):
    workflow = desk.own_draft.get_workflow()
    assert workflow.name == "Review"
    [task] = workflow.tasks.specific()
    assert isinstance(task, ReviewTask)
    assert {group.name for group in task.groups.all()} == {"Editors", "Administrators"}


def test_a_submitted_story_is_in_review_and_not_live(client, desk):
    story = submitted(client, desk)
    assert story.workflow_in_progress
    assert not story.live
    assert story.current_workflow_task.name == "Editors' review"


def test_the_contributor_cannot_publish_a_story_in_review(client, desk):
    story = submitted(client, desk)
    client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]),
                article_form(story, **{"action-publish": "action-publish"}))
    story.refresh_from_db()
    assert not story.live
    assert story.workflow_in_progress


def test_an_editor_approves_with_a_comment_and_the_story_goes_live(client, desk):
    story = submitted(client, desk)
    act(client, desk.editor, story, "approve", comment="Clean copy, thanks.")
    story.refresh_from_db()
    assert story.live
    decision = TaskState.objects.get(workflow_state__object_id=str(story.pk))
    assert decision.status == TaskState.STATUS_APPROVED
    assert decision.finished_by == desk.editor
    assert decision.comment == "Clean copy, thanks."
    assert decision.workflow_state.status == WorkflowState.STATUS_APPROVED


def test_an_editor_requests_changes_and_the_contributor_sees_them(client, desk):
    story = submitted(client, desk)
    act(client, desk.editor, story, "reject", comment="Call the harbour master.")
    decision = TaskState.objects.get(workflow_state__object_id=str(story.pk))
    assert decision.status == TaskState.STATUS_REJECTED
    assert decision.comment == "Call the harbour master."
    assert decision.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(desk.contributor)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "Changes requested" in edit_page
    assert "Call the harbour master." in edit_page
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Your pages and snippets in a workflow" in dashboard
    assert "Changes requested at" in dashboard


def test_contributors_see_their_stories_awaiting_review_on_the_dashboard(client, desk):
    submitted(client, desk)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Winter ferry timetable" in dashboard
    assert "Awaiting" in dashboard


def test_a_contributor_can_resubmit_after_changes(client, desk):
    story = submitted(client, desk)
    act(client, desk.editor, story, "reject", comment="Call the harbour master.")
    client.force_login(desk.contributor)
    client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]),
                article_form(story, paragraph="The harbour master confirmed two crossings.",
                             **{"action-restart-workflow": "1"}))
    story.refresh_from_db()
    assert story.workflow_in_progress


def test_editors_are_not_offered_approval_of_a_story_with_filler(client, desk):
    story = submitted(client, desk, paragraph="Lorem ipsum dolor sit amet.")
    client.force_login(desk.editor)
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "copy desk will not let this be published" in edit_page
    assert "Request changes" in edit_page
    assert 'value="approve"' not in edit_page


def test_an_approval_of_a_story_with_filler_is_refused_on_the_server(client, desk):
    story = submitted(client, desk, paragraph="Lorem ipsum dolor sit amet.")
    response = act(client, desk.editor, story, "approve", comment="Looks fine.")
    assert response.url == reverse("wagtailadmin_home")  # Wagtail's "no permission" answer
    story.refresh_from_db()
    assert not story.live
    assert story.workflow_in_progress


def test_approving_from_the_edit_form_cannot_publish_filler_either(client, desk):
    story = submitted(client, desk)
    client.force_login(desk.editor)
    client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), article_form(
        story, paragraph="Lorem ipsum dolor sit amet.",
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    ))
    story.refresh_from_db()
    assert not story.live
    assert story.workflow_in_progress


def test_the_review_task_itself_refuses_to_approve_filler(client, desk):
    story = submitted(client, desk, paragraph="Lorem ipsum dolor sit amet.")
    with pytest.raises(PermissionDenied):
        story.current_workflow_task.on_action(story.current_workflow_task_state, desk.editor,
                                              "approve")
    assert story.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS

