"""The site's public address: where readers reach it, and what every absolute link names.

Every absolute link (canonical, og:url, JSON-LD, feeds and their self links, sitemaps,
robots.txt, e-mail, the admin's "view live") is built from a Wagtail Site record's root URL
(``Site.root_url``), never from the request's Host header or scheme: a request that reached the
site by another name (localhost for 127.0.0.1, an IP address, plain http behind the proxy)
still gets links to the one public address. Each site of a multi-site install has its own
record; ``DATELINE_BASE_URL`` is the default site's address, written into its record when
`dateline serve` (and so `dateline demo`) starts.

Wagtail derives a record's scheme from its port (443 https, any other http), so the addresses
it can hold are http on any port but 443 and https on 443: ``parse`` refuses the others.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

LOCAL_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
# What a server listening on every interface can be reached at from this machine.
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", "[::]"})  # nosec B104 # names compared, not bound
DEFAULT_PORTS = {"http": 80, "https": 443}


class InvalidAddress(ValueError):
    """An address no site record can hold; the message says what to write instead."""


@dataclass(frozen=True)
class PublicAddress:
    scheme: str
    hostname: str
    port: int

    @property
    def root_url(self):
        """As Wagtail's ``Site.root_url`` writes it: no default port, no trailing slash."""
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{self.hostname}"
        return f"{self.scheme}://{self.hostname}:{self.port}"

    @property
    def is_local(self):
        return self.hostname in LOCAL_HOSTNAMES

    def __str__(self):
        return self.root_url


# Where `dateline serve` listens unless told otherwise.
SERVE_DEFAULT = PublicAddress("http", "127.0.0.1", 8000)


def parse(value, name="DATELINE_BASE_URL"):
    """The address in ``value`` (e.g. ``https://news.example.org``), or None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    example = "e.g. https://news.example.org or http://127.0.0.1:8000"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        raise InvalidAddress(f"{name} is not an address ({error}): {value!r}; {example}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise InvalidAddress(f"{name} must start with http:// or https:// and name a host, "
                             f"not {value!r}; {example}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidAddress(f"{name} is the site's address only, with no user, query or "
                             f"fragment: {value!r}; {example}")
    if parts.path not in ("", "/"):
        raise InvalidAddress(f"{name} must be the root of its host: Dateline serves a site "
                             f"from /, not from {parts.path!r}; {example}")
    port = port or DEFAULT_PORTS[scheme]
    if (scheme == "https") != (port == 443):
        raise InvalidAddress(
            f"{name}={value!r}: a site's address is https on port 443 or http on another "
            f"port (Wagtail's site records take the scheme from the port); serve https on 443"
        )
    hostname = parts.hostname.lower()
    if ":" in hostname:  # IPv6, bracketed as in a Host header and a URL
        hostname = f"[{hostname}]"
    return PublicAddress(scheme, hostname, port)


def of_site(site):
    """The address a site record gives its links."""
    scheme = "https" if site.port == 443 else "http"
    hostname = site.hostname.lower()
    if ":" in hostname and not hostname.startswith("["):
        hostname = f"[{hostname}]"
    return PublicAddress(scheme, hostname, site.port)


def served_address(host, port):
    """Where a server listening on ``host``:``port`` is reached from this machine."""
    hostname = "127.0.0.1" if host in WILDCARD_HOSTS else host
    if ":" in hostname and not hostname.startswith("["):
        hostname = f"[{hostname}]"
    return PublicAddress("http", hostname.lower(), port)


def default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first()


def apply(address):
    """Points the default site's record at ``address``; returns the site when it changed.

    Saved through the model, so Wagtail forgets its cached root URLs and the page cache drops
    pages that name the old address (``delivery`` purges on every Site save)."""
    site = default_site()
    if site is None or of_site(site) == address:
        return None
    site.hostname, site.port = address.hostname, address.port
    site.save(update_fields=["hostname", "port"])
    return site


def address_for_serving(configured, host, port):
    """The address `dateline serve` gives the default site, or None to leave its record alone.

    ``DATELINE_BASE_URL`` when set; otherwise the address being served, but only while the
    record still names this machine (a new or demo database): a record an operator has given
    a real host name is never changed without ``DATELINE_BASE_URL``."""
    if configured is not None:
        return configured
    site = default_site()
    if site is None or site.hostname not in LOCAL_HOSTNAMES:
        return None
    return served_address(host, port)


def point_default_site(configured, host, port):
    """What `dateline serve` and `dateline demo` do as they start: the default site's record
    follows ``address_for_serving``. Returns the site's address afterwards, or None when there
    is no site yet."""
    address = address_for_serving(configured, host, port)
    if address is not None:
        apply(address)
    site = default_site()
    return of_site(site) if site is not None else None
