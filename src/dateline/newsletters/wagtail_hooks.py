from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.widgets import Button, HeaderButton, ListingButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from dateline.news.models import ArticlePage
from dateline.newsletters import admin_views
from dateline.newsletters.models import Issue, Newsletter, Subscriber, Subscription


class NewsletterViewSet(SnippetViewSet):
    model = Newsletter
    icon = "mail"
    menu_label = _("Newsletters")
    list_display = ["name", "cadence", "language", "on_sign_up_form"]
    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("language"),
        MultiFieldPanel([FieldPanel("cadence"),
                         FieldRowPanel([FieldPanel("send_time"), FieldPanel("weekday")]),
                         FieldPanel("send_without_approval")], heading=_("When it is sent")),
        MultiFieldPanel([FieldPanel("sections", widget=forms.CheckboxSelectMultiple),
                         FieldPanel("topics"),
                         FieldRowPanel([FieldPanel("window_hours"), FieldPanel("story_count")])],
                        heading=_("Which stories an issue gathers")),
        FieldPanel("on_sign_up_form"), FieldPanel("sort_order"),
    ]


class IssueIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance),
                ListingButton(_("Preview, test and send"), icon_name="mail", priority=5,
                              url=reverse("newsletters_issue_desk", args=[instance.pk]))]


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "doc-full"
    menu_label = _("Issues")
    index_view_class = IssueIndexView
    list_display = ["subject", "newsletter", "status", "send_at", "sent_at"]
    list_filter = ["newsletter", "status"]
    panels = [
        FieldPanel("newsletter"), FieldPanel("subject"), FieldPanel("introduction"),
        FieldPanel("send_at"),
        InlinePanel("story_rows", heading=_("Stories, in order"), label=_("Story")),
    ]


class SubscriberIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if user.has_perm("newsletters.add_subscriber"):
            buttons.append(HeaderButton(_("Import CSV"), icon_name="upload",
                                        url=reverse("newsletters_import")))
        if user.has_perm("newsletters.view_subscriber"):
            buttons.append(HeaderButton(_("Export CSV"), icon_name="download",
                                        url=reverse("newsletters_export")))
        return buttons

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(ListingButton(_("Export their data"), icon_name="download", priority=40,
                                     url=reverse("newsletters_subscriber_data",
                                                 args=[instance.pk])))
        if self.request.user.has_perm("newsletters.delete_subscriber"):
            buttons.append(ListingButton(_("Erase"), icon_name="bin", priority=50,
                                         url=reverse("newsletters_erase_subscriber",
                                                     args=[instance.pk])))
        return buttons


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    index_view_class = SubscriberIndexView
    list_display = ["email", "created_at"]
    search_fields = ["email"]
    search_backend_name = None
    panels = [FieldPanel("email")]


class SubscriptionViewSet(SnippetViewSet):
    model = Subscription
    icon = "list-ul"
    menu_label = _("Subscriptions")
    list_display = ["subscriber", "newsletter", "status", "source", "signed_up_at",
                    "confirmed_at", "unsubscribed_at", "unsubscribe_reason"]
    list_filter = ["newsletter", "status", "unsubscribe_reason"]
    search_fields = ["subscriber__email"]
    search_backend_name = None
    panels = [FieldPanel("subscriber", read_only=True), FieldPanel("newsletter", read_only=True),
              FieldPanel("status"), FieldPanel("source", read_only=True),
              FieldPanel("signed_up_at", read_only=True),
              FieldPanel("confirmed_at", read_only=True),
              FieldPanel("unsubscribed_at", read_only=True)]


class NewslettersGroup(SnippetViewSetGroup):
    menu_label = _("Newsletters")
    menu_icon = "mail"
    menu_order = 250
    items = (NewsletterViewSet, IssueViewSet, SubscriberViewSet, SubscriptionViewSet)


@hooks.register("register_admin_viewset")
def register_newsletters():
    return NewslettersGroup()


@hooks.register("register_page_header_buttons")
def alert_readers(page, user, view_name, next_url=None):
    """On a live story: send it to the breaking-alerts newsletter."""
    if (page.live and page.specific_class is not None
            and issubclass(page.specific_class, ArticlePage)
            and user.has_perm("newsletters.add_issue")):
        yield Button(_("Alert newsletter readers"), icon_name="mail", priority=60,
                     url=reverse("newsletters_breaking_alert", args=[page.pk]))


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path("newsletters/issue/<int:pk>/send/", admin_views.issue_desk,
             name="newsletters_issue_desk"),
        path("newsletters/alert/<int:page_id>/", admin_views.breaking_alert,
             name="newsletters_breaking_alert"),
        path("newsletters/issue/<int:pk>/mail.<str:mode>", admin_views.issue_preview,
             name="newsletters_issue_mail"),
        path("newsletters/subscribers/import/", admin_views.import_subscribers,
             name="newsletters_import"),
        path("newsletters/subscribers/export.csv", admin_views.export_subscribers,
             name="newsletters_export"),
        path("newsletters/subscribers/<int:pk>/data.json", admin_views.subscriber_data,
             name="newsletters_subscriber_data"),
        path("newsletters/subscribers/<int:pk>/erase/", admin_views.erase_subscriber,
             name="newsletters_erase_subscriber"),
    ]
