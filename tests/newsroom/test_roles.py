"""The roles and the review workflow come from data migrations that also run backwards."""

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import GroupPagePermission, Page, WorkflowPage

ROLES = ["Contributors", "Editors", "Administrators"]


def page_rights(group_name):
    return set(GroupPagePermission.objects.filter(group__name=group_name, page__depth=1)
               .values_list("permission__codename", flat=True))


def root_workflow():
    return WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow.name


@pytest.mark.django_db
def test_only_editors_and_administrators_may_publish():
    assert page_rights("Contributors") == {"add_page"}
    assert "publish_page" in page_rights("Editors")
    assert "bulk_delete_page" not in page_rights("Editors")
    assert "bulk_delete_page" in page_rights("Administrators")


@pytest.mark.django_db
def test_nobody_but_a_superuser_manages_users_and_groups():
    for role in ROLES:
        rights = Group.objects.get(name=role).permissions.values_list("codename", flat=True)
        assert not {"add_user", "change_user", "add_group", "change_group"} & set(rights)


@pytest.mark.own_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_roles_and_the_review_workflow_migrate_back_and_forth():
    call_command("migrate", "newsroom", "0001", verbosity=0)
    assert not Group.objects.filter(name__in=["Contributors", "Administrators"]).exists()
    assert page_rights("Editors") == {"add_page", "change_page"}
    assert root_workflow() == "Moderators approval"

    call_command("migrate", "newsroom", verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    assert root_workflow() == "Review"
