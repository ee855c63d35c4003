import datetime

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import Http404

from wagtail.models import Site

from dateline.news import edition

LISTING_PAGE_SIZE = 15


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def requested_number(request):
    try:
        return int(request.GET.get("page", "1"))
    except (TypeError, ValueError):
        return 1


def paginate(request, queryset, per_page=LISTING_PAGE_SIZE):
    """The requested page of a listing.

    A missing or non-numeric ``?page=`` gives the first page; a number past the end (or below
    one) is a 404, so crawlers do not index endless empty pages.
    """
    paginator = Paginator(queryset, per_page)
    number = requested_number(request)
    try:
        return paginator.page(number)
    except EmptyPage:
        if number == 1:
            return paginator.page(1)
        raise Http404("No such page of this listing") from None


def paginate_stories(request, stories, per_page=LISTING_PAGE_SIZE, counted_as=None):
    """The requested page of a newest-first listing of stories, as ``paginate`` gives it.

    An offset makes the database step over every story before the page, so deep pages would
    cost more the bigger the archive. The links to the next and previous pages therefore
    carry the story they continue from (``?after=`` or ``?before=`` its time and id), and such
    a page is read from the ``published_at`` index starting there (keyset pagination). A bare
    page number, or a position that does not parse, is still counted from the start.

    Counting a listing reads every story in it; ``counted_as`` names the listing (such as
    ``("section", pk)``) so that its count is remembered per edition (``news.edition``).
    """
    paginator = Paginator(stories, per_page)
    if counted_as is not None:
        site = Site.find_for_request(request)
        paginator.count = edition.remembered("story-count", site.pk if site else "-",
                                             stories.count, *counted_as)
    number = requested_number(request)
    try:
        number = paginator.validate_number(number)
    except EmptyPage:
        if number != 1:
            raise Http404("No such page of this listing") from None
    after = position(request.GET.get("after"))
    before = position(request.GET.get("before"))
    if number > 1 and after is not None:
        page = Page(list(stories_after(stories, after)[:per_page]), number, paginator)
    elif number > 1 and before is not None:
        rows = list(stories_before(stories, before)[:per_page])
        page = Page(rows[::-1], number, paginator)
    else:
        page = paginator.page(number)
    page.object_list = list(page.object_list)
    if page.object_list:
        page.after = encode_position(page.object_list[-1])
        page.before = encode_position(page.object_list[0])
    return page


def stories_after(stories, position):
    """The stories older than the one at ``position`` (its time and id), newest first."""
    published_at, pk = position
    return (stories.filter(published_at__lte=published_at)
            .exclude(published_at=published_at, pk__gte=pk))


def stories_before(stories, position):
    """The stories newer than the one at ``position``, oldest first."""
    published_at, pk = position
    return (stories.filter(published_at__gte=published_at)
            .exclude(published_at=published_at, pk__lte=pk).order_by("published_at", "pk"))


def encode_position(story):
    return f"{(story.published_at - EPOCH) // MICROSECOND}.{story.pk}"


def position(value):
    """(published_at, pk) from ``encode_position``, or None for anything else."""
    try:
        microseconds, pk = (int(part) for part in (value or "").split("."))
        return EPOCH + datetime.timedelta(microseconds=microseconds), pk
    except (ValueError, OverflowError):
        return None
