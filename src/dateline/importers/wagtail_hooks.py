from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.importers.feeds.polling import schedule_poll
from dateline.importers.models import FeedSubscription
from dateline.importers.wordpress.serving import redirect_wordpress_query


class FeedSubscriptionViewSet(SnippetViewSet):
    model = FeedSubscription
    icon = "globe"
    menu_label = _("Feed subscriptions")
    list_display = ["url", "section", "every_minutes", "last_polled_at", "last_error"]


register_snippet(FeedSubscriptionViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def poll_saved_subscription(request, instance):
    """A subscription added or changed in the admin is polled now, then on its interval."""
    if isinstance(instance, FeedSubscription):
        schedule_poll(instance)


# Old WordPress addresses such as /?p=1 reach the home page (200), never the 404 that
# Wagtail's RedirectMiddleware waits for.
hooks.register("before_serve_page", redirect_wordpress_query)
