"""The URLs of a site that has news and nothing else: Wagtail's admin, documents and pages, and
news' own corrections log."""

from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("dateline.news.urls")),
    path("", include(wagtail_urls)),
]
