"""robots.txt: crawl everything readers can see, not the admin, and find the sitemaps."""

from django.http import HttpResponse
from django.urls import reverse


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "",
        # The request's own host, so each site of a multi-site install names its own index.
        f"Sitemap: {request.build_absolute_uri(reverse('discovery:sitemap_index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
