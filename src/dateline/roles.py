"""Permissions for the newsroom's roles, as data migrations grant them.

Django creates permissions only after every migration has run, too late on a fresh database
for the migrations that make the roles (``newsroom`` 0002_roles, ``newsletters``
0002_newsletter_role), so they fetch or create them here, through the migration's historical
models (``apps``). Not an app: migrations of any app may use it.
"""


def permissions(apps, app_label, model, actions):
    """The permissions ``<action>_<model>`` of ``app_label``'s ``model``, made if missing."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_{model}",
            defaults={"name": f"Can {action.replace('_', ' ')} {model}"},
        )[0]
        for action in actions
    ]
