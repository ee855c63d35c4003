from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.news.dates import format_date
from dateline.newsroom import live_blog_desk, staff
from dateline.newsroom.dashboard import newsroom_home
from dateline.newsroom.editing_conflicts import (
    keep_out_of_date_edits_as_drafts,
    tell_whose_version_was_saved_over,
)
from dateline.newsroom.models import BreakingNewsBanner
from dateline.newsroom.section_explorer import ArticleViewSet
from dateline.newsroom.story_listing import StoryListingViewSet, link_from_section_explorer


class BreakingNewsBannerViewSet(SnippetViewSet):
    model = BreakingNewsBanner
    icon = "warning"
    menu_label = _("Breaking news")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "__str__", "starts_at",
        Column("ends_at", label=_("Ends"), sort_key="ends_at",
               accessor=lambda banner: _("Until removed") if banner.until_removed
               else format_date(banner.ends_at, "datetime")),
    ]
    ordering = ["-starts_at"]


register_snippet(BreakingNewsBannerViewSet)

hooks.register("register_page_header_buttons", live_blog_desk.composer_button)
hooks.register("register_page_listing_more_buttons", live_blog_desk.composer_button)


@hooks.register("register_admin_urls")
def live_blog_urls():
    return [
        path("live-blogs/<int:page_id>/", live_blog_desk.ComposeView.as_view(),
             name="newsroom_live_blog_compose"),
        path("live-blogs/<int:page_id>/withdraw/<int:sequence>/",
             live_blog_desk.WithdrawView.as_view(), name="newsroom_live_blog_withdraw"),
    ]


hooks.register("before_edit_page", keep_out_of_date_edits_as_drafts)
hooks.register("after_edit_page", tell_whose_version_was_saved_over)


@hooks.register("register_admin_urls")
def staff_invitation_urls():
    return [
        path("invitations/", staff.InvitationsView.as_view(), name="newsroom_invitations"),
        path("invitations/new/", staff.InviteView.as_view(), name="newsroom_invite"),
        path("invitations/<int:pk>/resend/", staff.ResendInvitationView.as_view(),
             name="newsroom_resend_invitation"),
        path("invitations/<int:pk>/withdraw/", staff.WithdrawInvitationView.as_view(),
             name="newsroom_withdraw_invitation"),
    ]


class InvitationsMenuItem(MenuItem):
    def is_shown(self, request):
        return staff.may_invite(request.user)


@hooks.register("register_settings_menu_item")
def staff_invitations_menu_item():
    # Next to Users (600).
    return InvitationsMenuItem(_("Staff invitations"), reverse("newsroom_invitations"),
                               icon_name="mail", order=601)


hooks.register("construct_homepage_panels", newsroom_home)
hooks.register("register_page_header_buttons", link_from_section_explorer)


@hooks.register("register_admin_viewset")
def register_story_listing():
    return StoryListingViewSet()


@hooks.register("register_admin_viewset")
def register_section_explorer():
    return ArticleViewSet()


@hooks.register("insert_editor_js")
def remember_this_tabs_autosaves():
    return format_html('<script src="{}"></script>', static("dateline/js/editing-session.js"))


@hooks.register("insert_editor_js")
def name_single_field_blocks():
    return format_html('<script src="{}"></script>', static("dateline/js/block-labels.js"))


@hooks.register("insert_editor_js")
def name_each_field_error_in_the_message():
    return format_html('<script src="{}"></script>', static("dateline/js/field-errors.js"))


@hooks.register("insert_global_admin_js")
def text_fields_follow_their_text_direction():
    return format_html('<script src="{}" defer></script>', static("dateline/js/text-direction.js"))


@hooks.register("insert_global_admin_css")
def newsroom_admin_styles():
    return format_html('<link rel="stylesheet" href="{}">',
                       static("dateline/css/newsroom-admin.css"))
