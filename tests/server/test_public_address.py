"""One source for the public address: DATELINE_BASE_URL, or the default site's record it sets."""

import os
import re
import subprocess
import sys
import urllib.request

import pytest

from wagtail.models import Site

from dateline.server import public_address
from dateline.server.public_address import InvalidAddress, PublicAddress
from tests.conftest import dateline_command, demo_copy, free_port, wait_until_serving
from tests.server.conftest import PRODUCTION


@pytest.mark.parametrize("value, expected", [
    ("https://news.example.org", PublicAddress("https", "news.example.org", 443)),
    ("https://News.Example.org/", PublicAddress("https", "news.example.org", 443)),
    ("  https://news.example.org:443/ ", PublicAddress("https", "news.example.org", 443)),
    ("http://127.0.0.1:8000", PublicAddress("http", "127.0.0.1", 8000)),
    ("http://news.example.org", PublicAddress("http", "news.example.org", 80)),
    ("HTTP://[::1]:8000/", PublicAddress("http", "[::1]", 8000)),
])
def test_an_address_is_read_as_a_site_record_holds_it(value, expected):
    address = public_address.parse(value)
    assert address == expected
    # What Wagtail's record would write back is the address itself.
    assert address.root_url == public_address.of_site(
        Site(hostname=address.hostname, port=address.port)).root_url


def test_root_urls_leave_out_default_ports_and_trailing_slashes():
    assert public_address.parse("https://news.example.org/").root_url == "https://news.example.org"
    assert public_address.parse("http://a.example:8080").root_url == "http://a.example:8080"


@pytest.mark.parametrize("value", ["", "   ", None])
def test_an_empty_address_is_unset(value):
    assert public_address.parse(value) is None


@pytest.mark.parametrize("value, says", [
    ("news.example.org", "must start with http:// or https://"),
    ("ftp://news.example.org", "must start with http:// or https://"),
    ("https://", "must start with http:// or https://"),
    ("https://news.example.org/news/", "root of its host"),
    ("https://news.example.org/?x=1", "no user, query or fragment"),
    ("https://editor:secret@news.example.org", "no user, query or fragment"),
    ("https://news.example.org:8443", "https on port 443"),
    ("http://news.example.org:443", "https on port 443"),
    ("http://news.example.org:99999", "is not an address"),
])
def test_an_address_no_site_record_can_hold_is_refused_saying_why(value, says):
    with pytest.raises(InvalidAddress, match=says):
        public_address.parse(value)


def test_a_server_on_every_interface_is_reached_here_at_the_loopback_address():
    assert public_address.served_address("0.0.0.0", 8000).root_url == "http://127.0.0.1:8000"
    assert public_address.served_address("::1", 8000).root_url == "http://[::1]:8000"
    assert public_address.served_address("localhost", 80).root_url == "http://localhost"


def test_the_default_site_follows_dateline_base_url(newsroom):
    configured = public_address.parse("https://news.example.org")

    assert public_address.point_default_site(configured, "127.0.0.1", 8000) == configured

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("news.example.org", 443)
    assert newsroom.section.specific.full_url == "https://news.example.org/caucasus/"


def test_without_dateline_base_url_a_new_sites_record_follows_the_address_served(newsroom):
    address = public_address.point_default_site(None, "127.0.0.1", 18005)

    assert address.root_url == "http://127.0.0.1:18005"
    assert newsroom.home.specific.full_url == "http://127.0.0.1:18005/"


def test_without_dateline_base_url_a_record_with_a_real_host_name_is_left_alone(newsroom):
    Site.objects.filter(pk=newsroom.site.pk).update(hostname="news.example.org", port=443)

    address = public_address.point_default_site(None, "127.0.0.1", 8000)

    assert address.root_url == "https://news.example.org"
    assert Site.objects.get(pk=newsroom.site.pk).port == 443


def test_only_the_default_site_follows_dateline_base_url(newsroom):
    other = Site.objects.create(hostname="opinion.example.org", port=443,
                                root_page=newsroom.other_section)

    public_address.point_default_site(public_address.parse("https://news.example.org"),
                                      "127.0.0.1", 8000)

    other.refresh_from_db()
    assert (other.hostname, other.port) == ("opinion.example.org", 443)
    assert newsroom.other_section.specific.full_url == "https://opinion.example.org/"


def test_with_no_site_yet_there_is_no_address_to_point(db):
    Site.objects.all().delete()
    assert public_address.point_default_site(None, "127.0.0.1", 8000) is None


def test_a_bad_dateline_base_url_stops_every_command_saying_what_to_write(tmp_path):
    env = {**PRODUCTION, "DATELINE_DATA_DIR": str(tmp_path),
           "DATELINE_BASE_URL": "https://news.example.org:8443"}

    result = dateline_command("check", env={**os.environ, **env})

    assert result.returncode != 0
    assert "DATELINE_BASE_URL='https://news.example.org:8443'" in result.stderr
    assert "serve https on 443" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_names_the_address_it_serves_or_dateline_base_url(demo_template, tmp_path):
    env = demo_copy(demo_template, tmp_path / "data")
    site_record = "from wagtail.models import Site; print(Site.objects.get().root_url)"

    on_a_port = dateline_command("demo", "--no-serve", "--port", "18099", env=env, timeout=300)
    assert "The demo's public address: http://127.0.0.1:18099/" in on_a_port.stdout
    configured = dateline_command("demo", "--no-serve", timeout=300,
                                  env={**env, "DATELINE_BASE_URL": "https://news.example.org"})
    assert "The demo's public address: https://news.example.org/" in configured.stdout
    record = dateline_command("shell", "--no-imports", "-c", site_record, env=env)
    assert record.stdout.strip() == "https://news.example.org"
    # The demo's record is its own: without the variable it is local again.
    again = dateline_command("demo", "--no-serve", env=env, timeout=300)
    assert "The demo's public address: http://127.0.0.1:8000/" in again.stdout


def test_serve_points_the_site_at_dateline_base_url_and_every_link_follows(demo_template,
                                                                             tmp_path):
    env = {**demo_copy(demo_template, tmp_path / "data"),
           "DATELINE_BASE_URL": "https://news.example.org"}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/", server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=30) as answer:
            robots = answer.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/feeds/atom/", timeout=30) as answer:
            feed = answer.read().decode()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]

    assert "Links name the site's public address: https://news.example.org/" in output
    assert "Sitemap: https://news.example.org/sitemap.xml" in robots
    assert '<link href="https://news.example.org/feeds/atom/" rel="self"/>' in feed
    hosts = {url.split("/")[2] for url in re.findall(r'href="(https?://[^"]+)"', feed)}
    assert hosts == {"news.example.org"}
