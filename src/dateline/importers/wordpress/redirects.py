"""Every address a WordPress item had becomes a permanent redirect to its new page.

WordPress answers its permalink, ``/?p=ID`` for any post, ``/?page_id=ID`` for pages and
``/?attachment_id=ID`` for attachment pages. Wagtail's RedirectMiddleware only looks at
responses that are 404; ``/?p=1`` is the home page's path with a query string, which answers
200, so wagtail_hooks.py answers those query-string addresses before the home page is served.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from wagtail.contrib.redirects.models import Redirect

MAX_PATH = 255
QUERY_KEYS = {"page": ("p", "page_id"), "attachment": ("attachment_id",)}


def old_paths(item, blog_url):
    """The normalised paths, as Redirect stores them, that reached ``item`` on the old site."""
    prefix = urlsplit(blog_url).path.rstrip("/")
    paths = []
    if item.link and owns(item, item.link):
        link = urlsplit(item.link)
        paths.append(link.path + (f"?{link.query}" if link.query else ""))
    keys = QUERY_KEYS.get(item.post_type, ("p",))
    if item.address_id:
        paths.extend(f"{prefix}/?{key}={item.address_id}" for key in keys)
    normalised = dict.fromkeys(Redirect.normalise_path(path) for path in paths)
    return [path for path in normalised if path != "/" and len(path) <= MAX_PATH]


def owns(item, url):
    """A link of the ``/?p=ID`` kind is the item's own only with the item's own ID."""
    query = parse_qs(urlsplit(url).query)
    ids = [query[key][0] for key in ("p", "page_id", "attachment_id") if key in query]
    return all(found == item.address_id for found in ids)


class Claims:
    """Old addresses claimed for new pages, the same way in a dry run as in a real one.

    An address that already leads to another page (or elsewhere) stays as it is, and the
    report names it: an old address is only ever claimed by the item that owned it. A dry run
    counts the redirects a real run would make: not the ones that exist, not a page's own
    address, not an address claimed twice.
    """

    def __init__(self, report, *, dry_run):
        self.report = report
        self.dry_run = dry_run
        self.planned = {}

    def claim(self, page, paths, *, own_path, label):
        """Redirects ``paths`` to ``page`` (None in a dry run for a page not yet made)."""
        # Page addresses are percent-encoded; old paths are stored as the old site gave them.
        own_path = unquote(Redirect.normalise_path(own_path or ""))
        page_id = page.pk if page is not None else None
        for path in paths:
            if unquote(path) == own_path:
                continue
            existing = Redirect.objects.filter(old_path=path, site=None).values_list(
                "redirect_page_id", "redirect_link").first()
            if self.dry_run and path in self.planned and self.planned[path] != label:
                existing = (None, "")
            if existing is None:
                if self.dry_run:
                    self.planned[path] = label
                else:
                    Redirect.objects.create(old_path=path, site=None, redirect_page=page,
                                            is_permanent=True)
                self.report.redirects += 1
            elif existing[0] is None or existing[0] != page_id:
                self.report.alter(*label, f"old address {path} already leads elsewhere; "
                                  "left as it is")
