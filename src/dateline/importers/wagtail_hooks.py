from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.importers.models import ArchivedComment, FeedSubscription
from dateline.importers.wordpress.serving import redirect_wordpress_query
from dateline.news.signals import reader_content_changed


class SubscribersOnly(PermissionCheckedMixin):
    """Wagtail's choosers list every row to anyone in the admin; feed subscriptions (their
    addresses, their errors) are shown only to those who may manage them."""

    permission_policy = ModelPermissionPolicy(FeedSubscription)
    any_permission_required = ["add", "change", "delete", "view"]


class FeedSubscriptionChooseView(SubscribersOnly, ChooseView):
    pass


class FeedSubscriptionChooseResultsView(SubscribersOnly, ChooseResultsView):
    pass


class FeedSubscriptionChosenView(SubscribersOnly, SnippetChosenView):
    pass


class FeedSubscriptionChooserViewSet(SnippetChooserViewSet):
    choose_view_class = FeedSubscriptionChooseView
    choose_results_view_class = FeedSubscriptionChooseResultsView
    chosen_view_class = FeedSubscriptionChosenView


class FeedSubscriptionViewSet(SnippetViewSet):
    model = FeedSubscription
    chooser_viewset_class = FeedSubscriptionChooserViewSet
    icon = "globe"
    menu_label = _("Feed subscriptions")
    list_display = ["url", "section", "every_minutes", "last_polled_at", "last_error"]


register_snippet(FeedSubscriptionViewSet)


class ArchivedCommentViewSet(SnippetViewSet):
    """Where an editor withdraws (or deletes) an archived reader comment, e.g. after a complaint."""

    model = ArchivedComment
    icon = "comment"
    menu_label = _("Archived comments")
    list_display = ["author_name", "page", "posted_at", "withdrawn"]
    list_filter = ["withdrawn"]
    panels = [FieldPanel("withdrawn"), FieldPanel("author_name"), FieldPanel("text")]


register_snippet(ArchivedCommentViewSet)


@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def show_readers_the_changed_discussion(request, instances):
    comments = [item for item in (instances if isinstance(instances, list | tuple)
                                  else [instances]) if isinstance(item, ArchivedComment)]
    if comments:
        reader_content_changed.send(sender=ArchivedComment,
                                    pages=list({comment.page for comment in comments}))


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def poll_saved_subscription(request, instance):
    """A subscription added or changed in the admin is polled now, then on its interval."""
    if isinstance(instance, FeedSubscription):
        # Imported here: the feed reader (dateparser, feedparser, 2 MB) has no business in
        # a server process until someone saves a subscription.
        from dateline.importers.feeds.polling import schedule_poll

        schedule_poll(instance)


# Old WordPress addresses such as /?p=1 reach the home page (200), never the 404 that
# Wagtail's RedirectMiddleware waits for.
hooks.register("before_serve_page", redirect_wordpress_query)
