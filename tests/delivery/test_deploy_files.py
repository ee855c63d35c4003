"""The shipped front configurations agree with Dateline's own page cache: the same tracking
parameters dropped, the same cookies meaning a signed-in person, the same header of keys."""

import re
from pathlib import Path

from django.conf import settings

from dateline.delivery import addresses
from dateline.delivery.edge import VarnishBackend

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
VCL = (DEPLOY / "varnish" / "dateline.vcl").read_text()
NGINX = (DEPLOY / "nginx" / "dateline-microcache.conf").read_text()
# The cookies the page cache treats as a signed-in person's (dateline/asgi.py).
PRIVATE_COOKIES = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}


def test_varnish_drops_the_tracking_parameters_the_page_cache_ignores():
    lists = re.findall(r"\(\?i:([^)]*)\)", VCL)
    assert len(lists) == 2
    for names in lists:
        parameters = set(names.split("|"))
        assert parameters - {"utm_[^=&]*"} == addresses.TRACKING_PARAMETERS
        assert "utm_[^=&]*" in parameters and addresses.TRACKING_PREFIXES == ("utm_",)


def test_the_fronts_know_a_signed_in_person_by_the_page_caches_cookies():
    for configuration in (VCL, NGINX):
        names = re.search(r"\\s\*\(([a-z|]+)\)=", configuration)[1]
        assert set(names.split("|")) == PRIVATE_COOKIES
    assert settings.PAGE_CACHE_PRIVATE_PREFIXES == ["/admin/"]
    assert "/documents/" in settings.PAGE_CACHE_PASS_PREFIXES
    assert '"^/(admin|documents)(/|\\?|$)"' in VCL
    assert '"~^/(admin|documents)(/|$)"' in NGINX


def test_varnish_reads_and_hides_the_header_dateline_writes_for_it():
    assert VarnishBackend.key_header == "xkey"
    assert "unset resp.http.xkey;" in VCL
    assert "xkey.purge(req.http.xkey-purge)" in VCL
    assert "xkey.softpurge(req.http.xkey-softpurge)" in VCL
