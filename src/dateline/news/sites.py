"""The site a request is for and its settings, remembered per edition (``news.edition``)
instead of looked up on every request.

``remember_site`` runs first thing for each request (``SiteTimeZoneMiddleware``) and leaves its
answers where Wagtail looks for them (``Site.find_for_request``, ``SiteSettings.for_request``),
so Wagtail's routing, the ``settings`` context processor and our tags all reuse them.
"""

from django.http.request import split_domain_port

from wagtail.models import Site

from dateline.news import edition
from dateline.news.models import SiteSettings


def remember_site(request):
    """The request's site (or None), with its settings, set on the request for Wagtail."""
    # Django's CommonMiddleware, earlier in the chain, has already refused a host not allowed.
    hostname = split_domain_port(request.get_host())[0]
    remembered = edition.remembered("site", f"{hostname}:{request.get_port()}",
                                    lambda: read_site(request))
    # Where Site.find_for_request and SiteSettings.for_request look first: no public way to
    # hand Wagtail a site it need not look up (tests/test_wagtail_privates.py).
    if remembered is None:
        request._wagtail_site = None
        return None
    site, settings = remembered
    request._wagtail_site = site
    setattr(request, SiteSettings.get_cache_attr_name(), settings)
    return site


def read_site(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    # Wagtail routes from the site's root page as its own type: loaded once here, not twice
    # on every request (and with its locale, which sitemaps and feeds name).
    root = site.root_page
    site.root_page = (root.specific_class._default_manager.select_related("locale")
                      .get(pk=root.pk))
    settings = SiteSettings.for_site(site)
    settings.site = site  # the masthead prints the site's name when the settings give none
    return site, settings
