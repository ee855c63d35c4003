from django.urls import path, re_path

from dateline.discovery import archives, feeds, robots, sitemaps
from dateline.discovery.search import views as search

app_name = "discovery"

urlpatterns = [
    # The feed of the page at the same path: /feeds/rss/ is the front page's,
    # /feeds/atom/caucasus/ is the Caucasus section's.
    re_path(
        r"^feeds/(?P<feed_format>rss|atom)/(?P<page_path>(?:[-\w]+/)*)$",
        feeds.page_feed,
        name="feed",
    ),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-pages.xml", sitemaps.pages_sitemap, name="sitemap_pages"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap_news"),
    path("sitemap-articles-<int:year>.xml", sitemaps.articles_sitemap, name="sitemap_articles"),
    path("search/", search.search, name="search"),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("archive/<int:year>/", archives.archive, name="archive_year"),
    path("archive/<int:year>/<int:month>/", archives.archive, name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", archives.archive, name="archive_day"),
]
