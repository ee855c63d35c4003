from django.utils import timezone

from wagtail.models import Site

from dateline.news.models import SiteSettings


class SiteTimeZoneMiddleware:
    """Shows every date in the time zone of the site the request is for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # for_request caches the settings on the request, for the templates to reuse.
        if Site.find_for_request(request) is not None:
            timezone.activate(SiteSettings.for_request(request).zone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
