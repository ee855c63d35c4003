from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from dateline.mailroom import admin_views


class MailingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("mailroom.view_mailing")


@hooks.register("register_reports_menu_item")
def register_mailings_menu_item():
    return MailingsMenuItem(_("Mailings"), reverse("mailroom_mailings"), icon_name="mail",
                            order=900)


@hooks.register("register_admin_urls")
def mailroom_admin_urls():
    return [
        path("mailings/", admin_views.mailings, name="mailroom_mailings"),
        path("mailings/<int:pk>/", admin_views.mailing, name="mailroom_mailing"),
        path("mailings/<int:pk>/retry/", admin_views.retry, name="mailroom_retry"),
    ]
