"""Editors and Administrators may withdraw, correct or delete an archived reader comment (a
complaint about one must not wait for a superuser); Contributors may not."""

from importlib import import_module

from django.db import migrations

roles = import_module("dateline.newsroom.migrations.0002_roles")

COMMENT_ACTIONS = ["change", "delete", "view"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = roles.permissions(apps, "importers", "archivedcomment", COMMENT_ACTIONS)
    for group in Group.objects.filter(name__in=["Editors", "Administrators"]):
        group.permissions.add(*granted)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    granted = roles.permissions(apps, "importers", "archivedcomment", COMMENT_ACTIONS)
    for group in Group.objects.filter(name__in=["Editors", "Administrators"]):
        group.permissions.remove(*granted)


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0004_mail_invitations"),
        ("importers", "0005_archivedcomment_withdrawn"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
