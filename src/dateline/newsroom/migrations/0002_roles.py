"""The newsroom's roles as groups: Contributors, Editors and Administrators.

Wagtail's own first migration makes an "Editors" group that may add and edit pages; this one
takes it over and gives each role exactly the rights below, on the root page and the root
collection so they cover every site. Reversing deletes the two new groups and hands Editors
back as Wagtail made it. Users and groups are managed by superusers only, because whoever may
edit users may make anyone a superuser.

Permissions are fetched or created (``dateline.roles``) because Django only creates them after
all migrations have run, which on a fresh database is too late.
"""

from django.db import migrations

from dateline.roles import permissions

EVERYTHING = ["add", "change", "delete", "view"]
IMAGES_AND_DOCUMENTS = ["add", "change", "delete", "choose"]

CONTRIBUTORS = {
    "name": "Contributors",
    "models": [("wagtailadmin", "admin", ["access"])],
    # "add" is Wagtail's "add pages, and edit the pages you own": no publishing.
    "pages": ["add"],
    "collections": [("wagtailimages", "image", ["add", "choose"]),
                    ("wagtaildocs", "document", ["add", "choose"])],
}

EDITORS = {
    "name": "Editors",
    "models": [
        ("wagtailadmin", "admin", ["access"]),
        ("newsroom", "breakingnewsbanner", EVERYTHING),
        ("almanac", "almanacentry", EVERYTHING),
        ("importers", "feedsubscription", EVERYTHING),
        ("wagtailredirects", "redirect", EVERYTHING),
        ("news", "sitesettings", ["change"]),
    ],
    "pages": ["add", "change", "publish", "lock", "unlock"],
    "collections": [("wagtailimages", "image", IMAGES_AND_DOCUMENTS),
                    ("wagtaildocs", "document", IMAGES_AND_DOCUMENTS)],
}

ADMINISTRATORS = {
    "name": "Administrators",
    "models": EDITORS["models"] + [
        ("wagtailcore", "site", EVERYTHING),
        ("wagtailcore", "workflow", EVERYTHING),
        ("wagtailcore", "task", EVERYTHING),
    ],
    "pages": EDITORS["pages"] + ["bulk_delete"],
    # Wagtail asks for collection management on a collection, as for images and documents.
    "collections": EDITORS["collections"] + [("wagtailcore", "collection",
                                              ["add", "change", "delete"])],
}

WAGTAILS_EDITORS = {
    "name": "Editors",
    "models": [("wagtailadmin", "admin", ["access"]),
               ("wagtailimages", "image", IMAGES_AND_DOCUMENTS),
               ("wagtaildocs", "document", IMAGES_AND_DOCUMENTS)],
    "pages": ["add", "change"],
    "collections": [("wagtailimages", "image", ["add", "change", "choose"]),
                    ("wagtaildocs", "document", ["add", "change", "choose"])],
}

NEW_GROUPS = [CONTRIBUTORS["name"], ADMINISTRATORS["name"]]


def give_role(apps, role):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=role["name"])
    group.permissions.set([
        permission for app_label, model, actions in role["models"]
        for permission in permissions(apps, app_label, model, actions)
    ])

    root_page = Page.objects.get(depth=1)
    GroupPagePermission.objects.filter(group=group).delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=root_page, permission=permission)
        for permission in permissions(apps, "wagtailcore", "page", role["pages"])
    )

    root_collection = Collection.objects.get(depth=1)
    GroupCollectionPermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=root_collection,
                                  permission=permission)
        for app_label, model, actions in role["collections"]
        for permission in permissions(apps, app_label, model, actions)
    )


def create_roles(apps, schema_editor):
    for role in (CONTRIBUTORS, EDITORS, ADMINISTRATORS):
        give_role(apps, role)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=NEW_GROUPS).delete()
    give_role(apps, WAGTAILS_EDITORS)


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0001_initial"),
        ("news", "0001_initial"),
        ("almanac", "0001_initial"),
        ("importers", "0002_feedsubscription"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
