"""Where a reader can pass a story on: plain links to each network's own share page.

Nothing here loads from another host: the page carries ordinary links, and the reader's
browser contacts a network only when the reader follows one (the page's scripts add the
browser's own share sheet, the Web Share API, and a copy-link button where they exist).
"""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _

# (label, address pattern); {url} and {title} are filled in already quoted.
NETWORKS = (
    (_("Email"), "mailto:?subject={title}&body={url}"),
    ("WhatsApp", "https://wa.me/?text={title}%20{url}"),
    ("Telegram", "https://t.me/share/url?url={url}&text={title}"),
    ("X", "https://x.com/intent/post?url={url}&text={title}"),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Bluesky", "https://bsky.app/intent/compose?{bluesky}"),
)


def share_links(url, title):
    """(label, address) for each network, for the story at ``url`` headlined ``title``."""
    values = {
        "url": quote(url, safe=""), "title": quote(title, safe=""),
        "bluesky": urlencode({"text": f"{title} {url}"}, quote_via=quote),
    }
    return [(label, pattern.format(**values)) for label, pattern in NETWORKS]
