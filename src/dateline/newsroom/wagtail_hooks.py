from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.newsroom.editing_conflicts import (
    keep_out_of_date_edits_as_drafts,
    tell_whose_version_was_saved_over,
)
from dateline.newsroom.models import BreakingNewsBanner


class BreakingNewsBannerViewSet(SnippetViewSet):
    model = BreakingNewsBanner
    icon = "warning"
    menu_label = _("Breaking news")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "starts_at", "ends_at"]
    ordering = ["-starts_at"]


register_snippet(BreakingNewsBannerViewSet)

hooks.register("before_edit_page", keep_out_of_date_edits_as_drafts)
hooks.register("after_edit_page", tell_whose_version_was_saved_over)


@hooks.register("insert_editor_js")
def remember_this_tabs_autosaves():
    return format_html('<script src="{}"></script>', static("dateline/js/editing-session.js"))


@hooks.register("insert_editor_js")
def name_single_field_blocks():
    return format_html('<script src="{}"></script>', static("dateline/js/block-labels.js"))


@hooks.register("insert_global_admin_css")
def newsroom_admin_styles():
    return format_html('<link rel="stylesheet" href="{}">',
                       static("dateline/css/newsroom-admin.css"))
