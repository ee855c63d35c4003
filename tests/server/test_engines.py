"""Scale-out settings from the environment: the cache in Redis, media in an S3-compatible
bucket (a real one, moto's server on loopback), purges sent to a CDN or caching proxy."""

import io
import json
import os
import urllib.request

import boto3
import pytest
import redis
from moto.server import ThreadedMotoServer
from PIL import Image
from storages.backends.s3 import S3Storage

from django.core.exceptions import ImproperlyConfigured

from wagtail.contrib.frontend_cache.backends import CloudfrontBackend, HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from dateline.delivery.edge import CloudflareBackend, FastlyBackend, VarnishBackend
from dateline.settings import engines, env
from tests.conftest import REDIS_URL, free_port
from tests.server.conftest import PRODUCTION, finished, scene

BUCKET = "dateline-media"
S3_CREDENTIALS = {"DATELINE_S3_ACCESS_KEY_ID": "testing",
                  "DATELINE_S3_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture
def environment(monkeypatch):
    """Sets variables for the test alone, starting from none of the scale-out ones."""
    for name in env.VARIABLES:
        if name.startswith(("REDIS_", "DATELINE_S3_", "DATELINE_CDN_")):
            monkeypatch.delenv(name, raising=False)

    def set_variables(**variables):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return set_variables


# The policy docs/deploying.md gives the bucket: anyone may read images, nobody documents.
PUBLIC_IMAGES = {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": [f"arn:aws:s3:::{BUCKET}/images/*", f"arn:aws:s3:::{BUCKET}/original_images/*"],
    }],
}


def s3_client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3-compatible server on a free loopback port, with an empty bucket."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = s3_client(endpoint)
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_IMAGES))
        yield endpoint
    finally:
        server.stop()


def test_the_cache_is_shared_through_redis_under_the_sites_prefix(tmp_path, redis_prefix):
    variables = {**os.environ, **PRODUCTION, "DATELINE_DATA_DIR": str(tmp_path),
                 "REDIS_URL": REDIS_URL, "DATELINE_CACHE_KEY_PREFIX": redis_prefix}
    written = json.loads(finished(scene("remember('front-page', 'fresh')", variables)))
    assert written == {"backend": "django.core.cache.backends.redis.RedisCache",
                       "read_back": "fresh", "sessions": "django.contrib.sessions.backends.db"}
    keys = redis.Redis.from_url(REDIS_URL).keys(f"{redis_prefix}:*")
    assert keys == [f"{redis_prefix}:1:front-page".encode()]


def test_without_redis_each_process_caches_in_memory(environment):
    assert engines.caches() == {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                      "LOCATION": "fragments",
                      "OPTIONS": {"MAX_ENTRIES": engines.FRAGMENTS_KEPT}}}


def test_images_and_their_renditions_are_stored_in_the_bucket(shared_database, s3_endpoint):
    variables = {**shared_database.env, **PRODUCTION, **S3_CREDENTIALS,
                 "DATELINE_S3_BUCKET": BUCKET, "DATELINE_S3_ENDPOINT_URL": s3_endpoint,
                 "DATELINE_S3_REGION": "us-east-1"}
    stored = json.loads(finished(scene("store_an_image()", variables)))

    assert stored["storage"] == engines.S3_STORAGE
    assert stored["serve_media"] is False
    bucket_url = f"{s3_endpoint}/{BUCKET}/"
    assert stored["media_url"] == bucket_url
    listing = s3_client(s3_endpoint).list_objects_v2(Bucket=BUCKET)["Contents"]
    keys = {item["Key"] for item in listing}
    assert {stored["original"], stored["rendition"]} <= keys
    assert stored["original"].startswith("original_images/harbour")
    assert stored["rendition"].startswith("images/harbour")
    assert stored["original_url"] == bucket_url + stored["original"]
    assert stored["rendition_url"] == bucket_url + stored["rendition"]
    with urllib.request.urlopen(stored["rendition_url"], timeout=30) as response:
        assert Image.open(io.BytesIO(response.read())).size == (320, 240)


@pytest.mark.parametrize(("variables", "address"), [
    ({"DATELINE_S3_CUSTOM_DOMAIN": "media.example.org"}, "https://media.example.org/"),
    ({"DATELINE_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud/",
      "DATELINE_S3_REGION": "fr-par"}, f"https://s3.fr-par.scw.cloud/{BUCKET}/"),
    ({"DATELINE_S3_REGION": "eu-west-1"}, f"https://{BUCKET}.s3.amazonaws.com/"),
])
def test_media_addresses_are_the_ones_the_storage_gives(environment, variables, address):
    environment(DATELINE_S3_BUCKET=BUCKET, **S3_CREDENTIALS, **variables)
    storage, media_url = engines.media_storage()
    assert media_url == address
    file_url = S3Storage(**storage["OPTIONS"]).url("images/harbour.width-320.jpg")
    assert file_url == media_url + "images/harbour.width-320.jpg"


def test_without_a_bucket_media_stay_on_disk(environment):
    assert engines.media_storage() is None


@pytest.mark.parametrize(("variables", "expected", "backend_class"), [
    ({"DATELINE_CDN_PURGE": "http",
      "DATELINE_CDN_PURGE_URL": "http://10.0.0.5:6081, http://10.0.0.6:6081"},
     {"http://10.0.0.5:6081": {"BACKEND": engines.PURGE_BACKENDS["http"],
                               "LOCATION": "http://10.0.0.5:6081"},
      "http://10.0.0.6:6081": {"BACKEND": engines.PURGE_BACKENDS["http"],
                               "LOCATION": "http://10.0.0.6:6081"}},
     HTTPBackend),
    ({"DATELINE_CDN_PURGE": "varnish", "DATELINE_CDN_PURGE_URL": "http://10.0.0.2:6081"},
     {"http://10.0.0.2:6081": {"BACKEND": engines.PURGE_BACKENDS["varnish"],
                               "LOCATION": "http://10.0.0.2:6081"}},
     VarnishBackend),
    ({"DATELINE_CDN_PURGE": "fastly", "DATELINE_CDN_FASTLY_SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY",
      "DATELINE_CDN_FASTLY_TOKEN": "token-89ab"},
     {"fastly": {"BACKEND": engines.PURGE_BACKENDS["fastly"],
                 "SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY", "API_TOKEN": "token-89ab"}},
     FastlyBackend),
    ({"DATELINE_CDN_PURGE": "Cloudflare", "DATELINE_CDN_CLOUDFLARE_ZONE_ID": "zone-0123",
      "DATELINE_CDN_CLOUDFLARE_TOKEN": "token-4567"},
     {"cloudflare": {"BACKEND": engines.PURGE_BACKENDS["cloudflare"], "ZONEID": "zone-0123",
                     "BEARER_TOKEN": "token-4567"}},
     CloudflareBackend),
    ({"DATELINE_CDN_PURGE": "cloudfront",
      "DATELINE_CDN_CLOUDFRONT_DISTRIBUTION_ID": "E2EXAMPLE"},
     {"cloudfront": {"BACKEND": engines.PURGE_BACKENDS["cloudfront"],
                     "DISTRIBUTION_ID": "E2EXAMPLE"}},
     CloudfrontBackend),
    ({}, {}, None),
])
def test_each_purge_configuration_builds_wagtails_backends(environment, variables, expected,
                                                           backend_class):
    environment(**variables)
    configuration = engines.frontend_cache()
    assert configuration == expected
    backends = get_backends(backend_settings=configuration)
    assert set(backends) == set(expected)
    assert all(type(backend) is backend_class for backend in backends.values())


@pytest.mark.parametrize(("variables", "message"), [
    ({"DATELINE_CDN_PURGE": "akamai"},
     "must be one of varnish, fastly, cloudflare, http, cloudfront"),
    ({"DATELINE_CDN_PURGE": "http"}, "needs DATELINE_CDN_PURGE_URL"),
    ({"DATELINE_CDN_PURGE": "varnish"}, "needs DATELINE_CDN_PURGE_URL"),
    ({"DATELINE_CDN_PURGE": "fastly", "DATELINE_CDN_FASTLY_TOKEN": "token-89ab"},
     "needs DATELINE_CDN_FASTLY_SERVICE_ID"),
    ({"DATELINE_CDN_PURGE": "fastly", "DATELINE_CDN_FASTLY_SERVICE_ID": "SU1Z0isxPaozGVKXdv0eY"},
     "needs DATELINE_CDN_FASTLY_TOKEN"),
    ({"DATELINE_CDN_PURGE": "cloudflare", "DATELINE_CDN_CLOUDFLARE_ZONE_ID": "zone-0123"},
     "needs DATELINE_CDN_CLOUDFLARE_TOKEN"),
    ({"DATELINE_CDN_PURGE": "cloudfront"}, "needs DATELINE_CDN_CLOUDFRONT_DISTRIBUTION_ID"),
])
def test_an_incomplete_purge_configuration_is_refused_by_name(environment, variables, message):
    environment(**variables)
    with pytest.raises(ImproperlyConfigured, match=message):
        engines.frontend_cache()
