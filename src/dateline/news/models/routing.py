"""Finding the page a URL names in two queries, however deep the page or large the archive.

Wagtail routes a request by walking the page tree one path segment at a time, two queries a
segment (the child by slug, then its specific type), and then checks privacy with two more.
The front page (``HomePage.route``) routes everything below it here instead: one query on the
indexed ``url_path`` reads every page on the path from the tree's root; a second loads the
page the path names as its own type, with what it is served with (``serving_queryset``) and
whether a view restriction covers it. The page then routes what is left of the path itself, as
a routable page does (On This Day's days), and Wagtail serves it as usual: hooks, privacy and
redirects run.

The result is Wagtail's own: a path leads to the deepest page whose URL path begins it. Should
a page on the way route its children itself (a routable page with children), Wagtail's own
walk is used, so such a page keeps the first say.
"""

import functools
import hashlib

from django.core.cache import cache
from django.http import Http404

from wagtail.models import Page, PageViewRestriction

from dateline.news import cache_keys, edition
from dateline.news.models.compiled import CompiledOnce
from dateline.news.models.querysets import view_restricted
from dateline.news.reader_methods import READER_METHODS


class OnePerEdition:
    """A page type a site has one of in each language edition (a front page, the authors'
    and topics' indexes): where ``max_count = 1`` would allow one in all."""

    @classmethod
    def can_create_at(cls, parent):
        if not super().can_create_at(parent):
            return False
        return not cls.objects.filter(locale_id=parent.locale_id).exists()


class ServedFromPath:
    """Mixed into Dateline's page types: says what a page is loaded with to be served, and
    lets a page found by ``route_on_path`` know that nothing on its path is private, so that
    Wagtail's privacy check needs no query; answers only the methods a reader page serves."""

    nothing_private_on_path = False
    allowed_http_methods = READER_METHODS
    cache_key_prefix = "page"

    @classmethod
    def serving_queryset(cls):
        """The page type's pages with what their page needs, in the query that loads one."""
        return cls._default_manager.select_related("locale")

    def serve(self, request, *args, **kwargs):
        """Wagtail's answer, filed under the keys of what the page shows."""
        response = super().serve(request, *args, **kwargs)
        return cache_keys.mark(response,
                               self.cache_keys(getattr(response, "context_data", None) or {}))

    def cache_keys(self, context):
        """The edge-cache keys of what this page shows, given the context it renders
        (``news.cache_keys``); a listing adds its stories' keys to its own."""
        return {cache_keys.page_key(self)}

    def get_view_restrictions(self):
        if self.nothing_private_on_path:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


@functools.cache
def pages_by_depth():
    """Pages, root first; built once per process, as Django takes longer to build the query
    than the database takes to answer it. Callers filter a copy."""
    return Page.objects.order_by("depth")


def path_prefixes(url_path):
    """"/home/news/story/" → "/", "/home/", "/home/news/", "/home/news/story/"."""
    steps = [step for step in url_path.split("/") if step]
    return ["/" + "".join(f"{step}/" for step in steps[:count]) for count in range(len(steps) + 1)]


def routes_itself(page):
    return page.specific_class is not None and page.specific_class.route is not Page.route


def route_on_path(root, request, path_components):
    """The RouteResult for the path below ``root`` (the site's root page), or None when
    Wagtail's own walk must answer instead. Raises Http404 for a path that leads nowhere."""
    url_path = root.url_path + "".join(f"{component}/" for component in path_components)
    on_path = pages_on_path(root, url_path)
    below_root = [page for page in on_path if page.depth > root.depth]
    if not on_path or on_path[0].depth != 1 or any(
        page.depth != position + 1 for position, page in enumerate(on_path)
    ):
        return None  # not one unbroken line of pages from the tree's root: let Wagtail look
    if any(routes_itself(page) for page in below_root[:-1]):
        return None
    found = on_path[-1]
    remaining = path_components[found.depth - root.depth:]
    if remaining and not routes_itself(found):
        raise Http404  # no page has the next segment as its slug, or url_path would match
    page = load_for_serving(found)
    if page is None:
        raise Http404
    # Each page's parent is known, as Wagtail's own walk leaves it (treebeard's private
    # parent cache, which get_parent() reads: tests/test_wagtail_privates.py): breadcrumbs and
    # feed links read them without queries.
    for parent, child in zip(on_path, [*on_path[1:-1], page], strict=False):
        child._cached_parent_obj = parent
    page.nothing_private_on_path = not page.restricted_on_path and not any(
        step.alias_of_id is not None for step in on_path
    )
    if found.depth == root.depth:
        # The front page itself; its own route() is the one that called here.
        return Page.route(page, request, remaining)
    return page.route(request, remaining)


def pages_on_path(root, url_path):
    """The pages whose url_path begins ``url_path``, root first, remembered per edition
    (``news.edition``) when one of them has the whole path, so junk addresses fill no cache."""
    entry = edition.key("pages_on_path", root.pk,
                        hashlib.blake2b(url_path.encode(), digest_size=16).hexdigest())
    on_path = cache.get(entry)
    if on_path is None:
        on_path = list(pages_by_depth().filter(url_path__in=path_prefixes(url_path)))
        if on_path and on_path[-1].url_path == url_path:
            cache.set(entry, on_path, edition.CACHE_SECONDS)
    return on_path


@functools.cache
def serving_query(model):
    """The query that loads a page of ``model`` to be served, compiled once per process."""
    return CompiledOnce(lambda: model.serving_queryset().annotate(
        restricted_on_path=view_restricted()))


def load_for_serving(found):
    """The page as its own type, with what its page type says it is served with, and whether
    a view restriction covers it as the restrictions are now: the pages on the path are
    remembered for an edition, and a page made private must not be served for a moment
    longer."""
    model = found.specific_class
    if model is None:
        return None
    if issubclass(model, ServedFromPath):
        loaded = serving_query(model).run(found.pk)
        return loaded[0] if loaded else None
    found = found.specific
    found.restricted_on_path = True  # Wagtail's own privacy check runs
    return found
