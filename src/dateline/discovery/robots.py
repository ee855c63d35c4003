"""robots.txt: crawl everything readers can see, not the admin, and find the sitemaps."""

from django.http import HttpResponse
from django.urls import reverse

from wagtail.models import Site


def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/"]
    # Each site of a multi-site install names its own index, at its public address (never the
    # Host header the request came with).
    site = Site.find_for_request(request)
    if site is not None:
        lines += ["", f"Sitemap: {site.root_url}{reverse('discovery:sitemap_index')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
