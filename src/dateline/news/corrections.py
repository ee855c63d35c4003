"""The public corrections log: every correction, clarification and update note on a published
story of the site, newest first, so readers can see what the newsroom has put right."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from wagtail.models import Site

from dateline.news import cache_keys
from dateline.news.models import ArticleCorrection, ArticlePage
from dateline.news.pagination import paginate
from dateline.news.translations import edition_front_page

NOTES_PER_PAGE = 30


def corrections_log(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is configured for this host")
    stories = ArticlePage.objects.readable().descendant_of(edition_front_page(site))
    notes = (
        # Each note's story looked up by its key: "article in (the site's stories)" would
        # have the database list every published story first.
        ArticleCorrection.objects.filter(Exists(stories.filter(pk=OuterRef("article_id"))),
                                         noted_at__lte=timezone.now())
        .select_related("article")
        .order_by("-noted_at", "-pk")
    )
    page = paginate(request, notes, per_page=NOTES_PER_PAGE)
    response = render(request, "news/corrections_log.html", {
        "notes": page, "canonical_url": site.root_url + request.path,
    })
    return cache_keys.mark(response, {cache_keys.CORRECTIONS,
                                      *(cache_keys.story_key(note.article_id) for note in page)})
