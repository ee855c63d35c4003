from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

LISTING_PAGE_SIZE = 15


def paginate(request, queryset, per_page=LISTING_PAGE_SIZE):
    """The requested page of a listing.

    A missing or non-numeric ``?page=`` gives the first page; a number past the end (or below
    one) is a 404, so crawlers do not index endless empty pages.
    """
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    try:
        return paginator.page(number)
    except EmptyPage:
        if number == 1:
            return paginator.page(1)
        raise Http404("No such page of this listing") from None
