"""/search/?q=…: ranked stories with highlighted snippets, filters and pages."""

from django.http import Http404
from django.shortcuts import render

from wagtail.models import Site

from dateline.discovery.search import get_search_backend
from dateline.discovery.search.forms import SearchForm
from dateline.news import cache_keys
from dateline.news.models import ArticlePage
from dateline.news.pagination import paginate
from dateline.news.translations import edition_front_page

PAGE_SIZE = 15


def search(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host")
    form = SearchForm(request.GET, site_root=edition_front_page(site))
    form.is_valid()
    query = form.cleaned_data.get("q", "")
    results = get_search_backend().search(query, **form.search_filters())
    page = paginate(request, results, PAGE_SIZE)
    context = {
        "page": None,  # not a Wagtail page: base.html's <head> tags take None for that
        "form": form,
        "query": query,
        "results": page,
        "more_than_counted": results.more_than_counted,
        "hits": with_articles(page.object_list),
        "page_query": page_query(request),
    }
    return cache_keys.mark(render(request, "discovery/search.html", context),
                           {cache_keys.SEARCH,
                            *cache_keys.story_keys(article for article, _ in context["hits"])})


def with_articles(hits):
    """Each hit beside its article, loaded for a story card in one batch of queries."""
    articles = (ArticlePage.objects.for_listing().readable()
                .filter(pk__in=[hit.article_id for hit in hits]))
    by_id = {article.pk: article for article in articles}
    return [(by_id[hit.article_id], hit.snippet) for hit in hits if hit.article_id in by_id]


def page_query(request):
    """The search and filters, for links to other pages of the same results."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()

