import http.server
import ipaddress
import threading

import pytest

from dateline.importers.fetching import FetchRefused, fetch, is_public


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
     "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1", "100.64.0.1"],
)
def test_loopback_private_link_local_and_reserved_addresses_are_not_public(address):
    assert not is_public(address)


def test_a_public_address_is_public():
    assert is_public("93.184.215.14")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://localhost:8000/admin/", "http://169.254.169.254/latest/",
     "http://[::1]/", "http://10.0.0.5/feed", "http://2130706433/", "http://0x7f.1/"],
)
def test_fetches_to_this_machine_or_private_networks_are_refused(url):
    with pytest.raises(FetchRefused):
        fetch(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused):
        fetch(url)


@pytest.fixture
def local_server():
    """A loopback server whose /redirect points at a private address."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            if self.path == "/redirect":
                self.send_response(302)
                self.send_header("Location", "http://10.20.30.40/secret")
                self.end_headers()
                return
            body = b"<rss></rss>"
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()


def test_an_explicitly_allowed_network_is_fetched(local_server):
    base_url, requests = local_server
    fetched = fetch(base_url + "/feed", allowed_networks=[ipaddress.ip_network("127.0.0.1/32")])
    assert fetched.content == b"<rss></rss>"
    assert requests == ["/feed"]


def test_a_redirect_to_a_private_address_is_refused_before_connecting(local_server):
    base_url, requests = local_server
    with pytest.raises(FetchRefused, match="10.20.30.40"):
        fetch(base_url + "/redirect", allowed_networks=["127.0.0.1/32"], timeout=2)
    assert requests == ["/redirect"]
