from django.urls import path, re_path

from dateline.discovery import archives, feeds, robots, sitemaps
from dateline.discovery.search import views as search
from dateline.news.reader_methods import reader_view

app_name = "discovery"

urlpatterns = [
    # The feed of the page at the same path: /feeds/rss/ is the front page's,
    # /feeds/atom/caucasus/ is the Caucasus section's.
    re_path(
        r"^feeds/(?P<feed_format>rss|atom)/(?P<page_path>(?:[-\w]+/)*)$",
        reader_view(feeds.page_feed),
        name="feed",
    ),
    path("sitemap.xml", reader_view(sitemaps.sitemap_index), name="sitemap_index"),
    path("sitemap-pages.xml", reader_view(sitemaps.pages_sitemap), name="sitemap_pages"),
    path("sitemap-news.xml", reader_view(sitemaps.news_sitemap), name="sitemap_news"),
    path("sitemap-articles-<int:year>.xml", reader_view(sitemaps.articles_sitemap),
         name="sitemap_articles"),
    path("search/", reader_view(search.search), name="search"),
    path("robots.txt", reader_view(robots.robots_txt), name="robots_txt"),
    path("archive/<int:year>/", reader_view(archives.archive), name="archive_year"),
    path("archive/<int:year>/<int:month>/", reader_view(archives.archive), name="archive_month"),
    path("archive/<int:year>/<int:month>/<int:day>/", reader_view(archives.archive),
         name="archive_day"),
]
