"""Who sees the mailings screen (``mailroom.admin_views``): Administrators and the Newsletter
role may view mailings, with their failed addresses, and send temporary failures again.
Editors, who see no subscriber's address, see no mailing either."""

from django.db import migrations

from dateline.roles import permissions

RIGHTS = [("mailroom", "mailing", ["view"]), ("mailroom", "delivery", ["change"])]
ROLES = ["Newsletter", "Administrators"]


def granted(apps):
    return [permission for app_label, model, actions in RIGHTS
            for permission in permissions(apps, app_label, model, actions)]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted(apps))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*granted(apps))


class Migration(migrations.Migration):

    dependencies = [
        ("newsletters", "0002_newsletter_role"),
        ("mailroom", "0002_delivery_bounced_and_temporary"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
