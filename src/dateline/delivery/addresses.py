"""One spelling of a reader's address, for the page cache's keys and for every purge.

The ASGI server hands Django the path decoded (``/caucasus/خبر-فوری-تهران/``), while Wagtail's
URLs, a CDN and browsers use the percent-encoded form (``/caucasus/%D8%AE…/``). Keys and purges
both use that encoded form, UTF-8 with upper-case hex, so a purge by any spelling reaches the
page whatever spelling the reader typed.

Query strings are keyed without the tracking parameters that campaigns and platforms add to
links: the page is the same, and each new value would otherwise be another render and entry.
"""

import urllib.parse

# What Django's reverse() leaves unescaped in a path (RFC 3986's sub-delimiters and "/~:@"), so
# a canonical path is the one Wagtail's own URLs carry.
PATH_SAFE = "/!$&'()*+,;=:@~"

# Campaign tags and click identifiers of ad, mail, social and analytics platforms: Google
# (utm_*, gclid, gclsrc, dclid, gbraid, wbraid, _ga, _gl), Microsoft (msclkid), Meta (fbclid,
# igshid), Mailchimp (mc_cid, mc_eid), HubSpot (_hsenc, _hsmi), Marketo (mkt_tok), Yandex
# (yclid), X (twclid, ref_src, ref_url), TikTok (ttclid), LinkedIn (li_fat_id). Nothing on a
# Dateline page reads them; analytics scripts read them from the browser's address bar.
TRACKING_PARAMETERS = frozenset({
    "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "_ga", "_gl", "msclkid", "fbclid", "igshid",
    "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "yclid", "twclid", "ref_src", "ref_url",
    "ttclid", "li_fat_id",
})
TRACKING_PREFIXES = ("utm_",)


def canonical_path(decoded_path):
    """The percent-encoded form of a path as Django sees it (decoded by the ASGI server); a
    lone surrogate, which no UTF-8 request line decodes to, still gets a spelling."""
    return urllib.parse.quote(decoded_path, safe=PATH_SAFE, errors="surrogatepass")


def path_of_url(url):
    """The canonical path of a URL or path as written in a link, encoded or not."""
    return canonical_path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))


def canonical_url(url):
    """The URL with its path in canonical form, as a CDN keys what browsers send."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=path_of_url(url)))


def is_tracking(parameter):
    name = urllib.parse.unquote_plus(parameter.decode("latin-1")).lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def reader_query(query_string):
    """The query string without tracking parameters and empty pairs, in the reader's order.
    Raw spaces (which Django reads as it reads %20) are encoded, so the query has none."""
    kept = [pair for pair in query_string.split(b"&")
            if pair and not is_tracking(pair.partition(b"=")[0])]
    return b"&".join(kept).replace(b" ", b"%20")


def variant(scheme, host, language, query):
    """The key of one version of a path's page. The query comes last, after " ?", so a
    variant that ends there is the page itself, without a query."""
    return f"{scheme} {host} {language} ?{query}"


def has_query(variant_key):
    return not variant_key.endswith(" ?")
