from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

from dateline.news import dates
from dateline.news.models import SiteSettings
from dateline.news.sites import remember_site


class SiteTimeZoneMiddleware:
    """Shows every date in the time zone of the site the request is for, in the admin too."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        # The site and its settings stay on the request, for Wagtail and the templates.
        label_style = "abbreviation"
        if remember_site(request) is not None:
            site_settings = SiteSettings.for_request(request)
            timezone.activate(site_settings.zone())
            label_style = site_settings.zone_label
        try:
            with dates.zone_labels(label_style):
                return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view, view_args, view_kwargs):
        if self.is_admin(request) and request.user.is_authenticated:
            follow_site_zone_unless_chosen(request.user, timezone.get_current_timezone_name())

    def is_admin(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        return request.path_info.startswith(self.admin_prefix)


def follow_site_zone_unless_chosen(user, zone_name):
    """Wagtail's admin reads and shows times in the editor's own time zone, if they chose one in
    their account, else in the server's (TIME_ZONE): an editor who chose none types go-live
    times in the site's zone instead. Only this request's copy of the profile changes; it is
    never saved, so choosing a zone later still works."""
    try:
        profile = user.wagtail_userprofile
    except UserProfile.DoesNotExist:
        profile = user.wagtail_userprofile = UserProfile(user=user)
    if not profile.current_time_zone:
        profile.current_time_zone = zone_name
