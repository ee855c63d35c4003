"""What the page cache needs to know about a request, read from the ASGI scope as Django would
read it: its canonical path and query, its scheme, and whether it carries a session."""

from django.http.cookie import parse_cookie

from dateline.delivery.addresses import canonical_path, reader_query, variant


class ReaderRequest:
    """A request, read once. ``variant`` keys the page among its path's other versions."""

    __slots__ = ("method", "path", "query_string", "scheme", "variant", "encodings",
                 "cacheable", "private", "if_none_match", "if_modified_since", "user_agent")

    def __init__(self, scope, cache):
        self.method = scope["method"]
        self.path = canonical_path(scope["path"])
        self.query_string = reader_query(scope["query_string"])
        self.encodings = []
        self.if_none_match = None
        self.if_modified_since = None
        self.user_agent = b""
        self.private = False
        host = b""
        language = b""
        for name, value in scope["headers"]:
            if name == b"authorization":
                self.private = True
            elif name == b"accept-encoding":
                self.encodings = accepted_encodings(value)
            elif name == b"host":
                host = value.lower()
            elif name == b"if-none-match":
                self.if_none_match = value
            elif name == b"if-modified-since":
                self.if_modified_since = value
            elif name == b"user-agent":
                self.user_agent = value
            elif name == b"accept-language" and cache.vary_on_language:
                language = value
        if carries_cookie(scope["headers"], cache.private_cookies):
            self.private = True
        if scope["path"].startswith(cache.private_prefixes):
            self.private = True
        self.cacheable = self.method in ("GET", "HEAD") and not self.private
        self.scheme = django_scheme(scope, cache.secure_proxy_ssl_header)
        self.variant = variant(self.scheme, host.decode("latin-1"), language.decode("latin-1"),
                               self.query_string.decode("latin-1"))


def header_as_django_reads_it(headers, name):
    """The value Django puts in ``request.META`` for the header ``name`` (lower-case bytes):
    repeated headers joined by commas, or None."""
    values = [value.decode("latin-1") for header, value in headers if header == name]
    return ",".join(values) if values else None


def carries_cookie(headers, names):
    """Whether any of the cookies ``names`` reaches Django (through its own cookie parser, as
    its session and CSRF middleware read them), or is in any one Cookie header."""
    values = [value.decode("latin-1") for header, value in headers if header == b"cookie"]
    if not values:
        return False
    return any(names & parse_cookie(value).keys() for value in [",".join(values), *values])


def django_scheme(scope, secure_proxy_ssl_header):
    """The scheme Django's ``request.scheme`` gives: from the header SECURE_PROXY_SSL_HEADER
    names when the request has it, otherwise the server's."""
    if secure_proxy_ssl_header:
        meta_name, secure_value = secure_proxy_ssl_header
        if meta_name.startswith("HTTP_"):
            header = meta_name.removeprefix("HTTP_").lower().replace("_", "-").encode("latin-1")
            value = header_as_django_reads_it(scope["headers"], header)
            if value is not None:
                return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return scope.get("scheme") or "http"


def accepted_encodings(header):
    """The compressed encodings a client accepts, best first (q=0 refuses one)."""
    accepted = []
    for part in header.decode("latin-1").lower().split(","):
        coding, _, parameters = part.strip().partition(";")
        if parameters.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        if coding in ("br", "gzip"):
            accepted.append(coding)
    return sorted(accepted, key=("br", "gzip").index)
