"""A cached page: the response's bytes in every encoding, and the headers each is sent with."""

import dataclasses
import email.utils
import functools
import gzip
import hashlib
import json

import brotli

TEXT_TYPES = (b"text/", b"application/xml", b"application/rss+xml", b"application/atom+xml",
              b"application/json", b"application/ld+json", b"image/svg+xml")
# Below this, compressing costs more than it saves.
SMALLEST_COMPRESSED = 512
# Quality 5 compresses a 60 KB page in about a millisecond, close to 11's size at a tenth of
# the time; pages are compressed once per publish, on a miss.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# Headers the cache writes itself; Django's own values are dropped.
OWN_HEADERS = {b"content-length", b"content-encoding", b"etag", b"last-modified",
               b"cache-control", b"vary", b"date", b"expires"}


@dataclasses.dataclass
class CachedPage:
    status: int
    headers: list  # [(name, value)] as bytes, lower-case names, without OWN_HEADERS
    bodies: dict  # encoding ("br", "gzip", "identity") -> bytes
    etag: bytes
    last_modified: bytes
    cache_control: bytes
    stored_at: float
    expires_at: float
    # When the page changes by the clock (midnight, a story's date arriving), if it does: no
    # cache serves it after that moment, even stale.
    changes_at: float | None = None

    def fresh(self, now):
        return now < self.expires_at

    def stale_until(self, allowance):
        """Until when the page may be served stale, ``allowance`` seconds after its expiry."""
        until = self.expires_at + allowance
        return until if self.changes_at is None else min(until, self.changes_at)

    def size(self):
        return sum(len(body) for body in self.bodies.values())

    def encoding_for(self, accepted):
        """The smallest encoding the client accepts that this page has."""
        for encoding in ("br", "gzip"):
            if encoding in accepted and encoding in self.bodies:
                return encoding
        return "identity"

    def response_headers(self, encoding, state, now):
        headers = [
            *self.headers,
            (b"content-length", str(len(self.bodies[encoding])).encode()),
            (b"etag", self.etag),
            (b"last-modified", self.last_modified),
            (b"cache-control", self.cache_control_at(now, state)),
            (b"vary", b"Accept-Encoding"),
            (b"x-dateline-cache", state),
        ]
        if encoding != "identity":
            headers.append((b"content-encoding", encoding.encode()))
        return headers

    def cache_control_at(self, now, state=b"hit"):
        """What a CDN is told at ``now``: it never keeps the page, fresh or stale, past the
        moment the page changes by the clock, and never keeps a stale copy at all (a purge
        reached it; the render replacing it is under way)."""
        if state == b"stale":
            return ending_within(self.cache_control, 0)
        if self.changes_at is None:
            return self.cache_control
        return ending_within(self.cache_control, max(0, int(self.changes_at - now)))

    def metadata(self):
        """Everything but the bodies, as JSON bytes, for a shared store."""
        return json.dumps({
            "status": self.status,
            "headers": [[name.decode("latin-1"), value.decode("latin-1")]
                        for name, value in self.headers],
            "encodings": sorted(self.bodies),
            "etag": self.etag.decode("latin-1"),
            "last_modified": self.last_modified.decode("latin-1"),
            "cache_control": self.cache_control.decode("latin-1"),
            "stored_at": self.stored_at,
            "expires_at": self.expires_at,
            "changes_at": self.changes_at,
        }).encode()

    @classmethod
    def from_metadata(cls, metadata, bodies):
        fields = json.loads(metadata)
        return cls(
            status=fields["status"],
            headers=[(name.encode("latin-1"), value.encode("latin-1"))
                     for name, value in fields["headers"]],
            bodies=bodies,
            etag=fields["etag"].encode("latin-1"),
            last_modified=fields["last_modified"].encode("latin-1"),
            cache_control=fields["cache_control"].encode("latin-1"),
            stored_at=fields["stored_at"],
            expires_at=fields["expires_at"],
            changes_at=fields.get("changes_at"),
        )


def build_page(status, headers, body, *, now, expires_at, cache_control, changes_at=None):
    """A CachedPage from a rendered response; compresses text bodies (CPU-bound: call it off
    the event loop)."""
    kept = [(name, value) for name, value in headers if name not in OWN_HEADERS]
    content_type = next((value for name, value in headers if name == b"content-type"), b"")
    bodies = {"identity": body}
    if len(body) >= SMALLEST_COMPRESSED and content_type.startswith(TEXT_TYPES):
        bodies["gzip"] = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        bodies["br"] = brotli.compress(body, quality=BROTLI_QUALITY)
    last_modified = next((value for name, value in headers if name == b"last-modified"), None)
    if last_modified is None:
        last_modified = email.utils.formatdate(now, usegmt=True).encode()
    return CachedPage(
        status=status,
        headers=kept,
        bodies=bodies,
        etag=b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"',
        last_modified=last_modified,
        cache_control=cache_control,
        stored_at=now,
        expires_at=expires_at,
        changes_at=changes_at,
    )


@functools.lru_cache(maxsize=256)
def ending_within(cache_control, seconds):
    """``cache_control`` with ``s-maxage``, and each stale allowance on top of it, cut so that
    a CDN keeps the page no longer than ``seconds`` (remembered: a second's pages share it)."""
    directives = []
    fresh = 0
    for directive in cache_control.split(b", "):
        name, _, value = directive.partition(b"=")
        if name == b"s-maxage":
            fresh = min(int(value), seconds)
            directive = b"s-maxage=%d" % fresh
        elif name in (b"stale-while-revalidate", b"stale-if-error"):
            directive = b"%s=%d" % (name, min(int(value), seconds - fresh))
        directives.append(directive)
    return b", ".join(directives)
