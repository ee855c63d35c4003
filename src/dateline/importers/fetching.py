"""Server-side fetches that cannot be turned against the machine or its network.

Every address a host name resolves to is checked before connecting, the connection goes to the
checked address (so DNS cannot change its answer in between), and every redirect is checked
again. Loopback, private, link-local (cloud metadata), multicast and reserved addresses are
refused, also inside IPv6 (mapped, 6to4, Teredo, NAT64), unless a test or an operator allows a
network explicitly.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 15
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "Dateline-importer/1 (+https://github.com/dateline)"


class FetchError(Exception):
    """The address could not be fetched; the message says why, for the operator."""


class FetchRefused(FetchError):
    """The address is not one Dateline may contact."""


@dataclass(frozen=True)
class Fetched:
    url: str
    content: bytes
    content_type: str


# IPv6 prefixes that carry an IPv4 address the network will reach (RFC 6052 NAT64, and its
# local-use prefix of RFC 8215): 64:ff9b::a9fe:a9fe is the metadata service behind a NAT64.
NAT64_PREFIXES = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]


def embedded_ipv4(ip):
    """The IPv4 address an IPv6 address leads to: mapped, 6to4, Teredo or NAT64."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in prefix for prefix in NAT64_PREFIXES):
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return None


def is_public(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None and not is_public(inner):
            return False
    return ip.is_global and not ip.is_multicast


def vetted_addresses(host, port, allowed_networks=()):
    """The addresses to connect to, or FetchRefused if any of them is off limits."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    addresses = sorted({info[4][0] for info in infos})
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if is_public(address) or any(ip in network for network in allowed_networks):
            continue
        raise FetchRefused(f"{host} resolves to {address}, a non-public address")
    return addresses


def fetch(url, *, max_bytes=DEFAULT_MAX_BYTES, timeout=DEFAULT_TIMEOUT, allowed_networks=()):
    """GET a public http(s) URL, following at most MAX_REDIRECTS checked redirects."""
    allowed_networks = [ipaddress.ip_network(network) for network in allowed_networks]
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(f"only http and https addresses can be fetched, not {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = vetted_addresses(parts.hostname, port, allowed_networks)[0]
        response = _get(parts, address, port, timeout)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise FetchError(f"{url} redirects without a Location")
                url = urljoin(url, location)
                continue
            if response.status >= 400:
                raise FetchError(f"{url} answered HTTP {response.status}")
            content = response.read(max_bytes + 1, decode_content=True)
            if len(content) > max_bytes:
                raise FetchError(f"{url} is larger than {max_bytes} bytes")
            return Fetched(url, content, response.headers.get("Content-Type", ""))
        finally:
            response.release_conn()
    raise FetchError(f"{url} redirects more than {MAX_REDIRECTS} times")


def _get(parts, address, port, timeout):
    host = parts.hostname
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "User-Agent": USER_AGENT}
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address, port, server_hostname=host, assert_hostname=host, timeout=timeout,
            retries=False,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        return pool.urlopen("GET", path, headers=headers, redirect=False,
                            preload_content=False)
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"cannot fetch {urlunsplit_safe(parts)}: {error}") from None


def urlunsplit_safe(parts):
    return f"{parts.scheme}://{parts.hostname}{parts.path}"
