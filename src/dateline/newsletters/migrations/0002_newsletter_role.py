"""The Newsletter role, and who may see subscribers.

Subscribers' addresses are personal data: only Administrators and the new Newsletter group
(whoever runs the lists and answers readers' requests) may see, import, export or erase them.
Editors define newsletters and compose, test and approve issues, but see no address.

Runs after newsroom's roles (0002_roles sets each role's permissions whole).
"""

from django.db import migrations

from dateline.roles import permissions

EVERYTHING = ["add", "change", "delete", "view"]
LISTS_AND_ISSUES = [("newsletters", "newsletter", EVERYTHING),
                    ("newsletters", "issue", EVERYTHING),
                    ("newsletters", "issuestory", EVERYTHING)]
SUBSCRIBERS = [("newsletters", "subscriber", EVERYTHING),
               ("newsletters", "subscription", EVERYTHING)]
ROLES = {
    "Newsletter": [("wagtailadmin", "admin", ["access"]), *LISTS_AND_ISSUES, *SUBSCRIBERS],
    "Administrators": [*LISTS_AND_ISSUES, *SUBSCRIBERS],
    "Editors": LISTS_AND_ISSUES,
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, rights in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission for app_label, model, actions in rights
                                for permission in permissions(apps, app_label, model, actions)])


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    role = Group.objects.filter(name="Newsletter").first()
    if role is not None:
        # The collector would ask newer apps' models about a historical Group and fail; the role
        # holds only model permissions and members, cleared first.
        role.permissions.clear()
        role.user_set.clear()
        Group.objects.filter(pk=role.pk)._raw_delete(schema_editor.connection.alias)
    for name in ("Administrators", "Editors"):
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*[
                permission for app_label, model, actions in LISTS_AND_ISSUES + SUBSCRIBERS
                for permission in permissions(apps, app_label, model, actions)])


class Migration(migrations.Migration):

    dependencies = [
        ("newsletters", "0001_newsletters_subscribers_issues"),
        ("newsroom", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
