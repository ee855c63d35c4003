"""Every address a WordPress item had becomes a permanent redirect to its new page.

WordPress answers its permalink, ``/?p=ID`` for any post, ``/?page_id=ID`` for pages and
``/?attachment_id=ID`` for attachment pages. Wagtail's RedirectMiddleware only looks at
responses that are 404; ``/?p=1`` is the home page's path with a query string, which answers
200, so wagtail_hooks.py answers those query-string addresses before the home page is served.
"""

from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect

MAX_PATH = 255
QUERY_KEYS = {"page": ("p", "page_id"), "attachment": ("attachment_id",)}


def old_paths(item, blog_url):
    """The normalised paths, as Redirect stores them, that reached ``item`` on the old site."""
    prefix = urlsplit(blog_url).path.rstrip("/")
    paths = []
    if item.link:
        link = urlsplit(item.link)
        paths.append(link.path + (f"?{link.query}" if link.query else ""))
    keys = QUERY_KEYS.get(item.post_type, ("p",))
    if item.post_id.isdecimal():
        paths.extend(f"{prefix}/?{key}={item.post_id}" for key in keys)
    normalised = dict.fromkeys(Redirect.normalise_path(path) for path in paths)
    return [path for path in normalised if path != "/" and len(path) <= MAX_PATH]


def redirect_to(page, paths):
    """Creates or repoints the redirects; returns how many were new."""
    own_path = Redirect.normalise_path(page.get_url() or "")
    created = 0
    for path in paths:
        if path == own_path:
            continue
        _redirect, new = Redirect.objects.update_or_create(
            old_path=path, site=None,
            defaults={"redirect_page": page, "is_permanent": True, "redirect_link": ""},
        )
        created += new
    return created
