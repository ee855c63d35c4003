"""Wagtail's users app as the newsroom runs it: its list of users carries an "Invite staff"
button (``dateline.newsroom.staff``), through the app's documented ``user_viewset``. A module of
its own: Django imports it while the apps load, before any model can be."""

from wagtail.users.apps import WagtailUsersAppConfig


class StaffUsersConfig(WagtailUsersAppConfig):
    user_viewset = "dateline.newsroom.staff.StaffUserViewSet"
