from django.utils import timezone

from wagtail.models import Site

from dateline.news.models import SiteSettings


class SiteTimeZoneMiddleware:
    """Shows every date in the time zone of the site the request is for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = Site.find_for_request(request)
        if site is not None:
            timezone.activate(SiteSettings.for_site(site).zone())
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
