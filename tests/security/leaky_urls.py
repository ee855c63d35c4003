"""The site's addresses and one more that lists stories, which the privacy guard does not
cover: the guard must name it."""

from django.http import JsonResponse
from django.urls import path

from dateline.news.models import ArticlePage
from dateline.urls import urlpatterns as site_patterns


def latest_stories(request):
    return JsonResponse({"titles": list(ArticlePage.objects.values_list("title", flat=True))})


urlpatterns = [path("latest.json", latest_stories, name="latest_stories"), *site_patterns]
