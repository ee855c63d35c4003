"""robots.txt: crawl everything readers can see, not the admin, and find the sitemaps."""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation

from wagtail.models import Site

from dateline.news.translations import front_pages


def robots_txt(request):
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/"]
    # Each site of a multi-site install names its own index, at its public address (never the
    # Host header the request came with).
    site = Site.find_for_request(request)
    if site is not None:
        # And each language edition its own (/sitemap.xml, /fa/sitemap.xml).
        editions = (front_pages(site.root_page) if hasattr(site.root_page, "translation_key")
                    else {})
        lines.append("")
        for code in [translation.get_language(), *sorted(set(editions) - {
                translation.get_language()})]:
            with translation.override(code):
                lines.append(f"Sitemap: {site.root_url}{reverse('discovery:sitemap_index')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
