"""Front-end cache backends that keep what they were asked to purge, for tests to read: one by
URL, as Wagtail's are, and one by key, as Varnish, Fastly and Cloudflare are."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

from dateline.delivery.edge import KeyPurging

purged = []
purged_keys = []  # (key, hard)


class RecordingBackend(BaseBackend):
    def purge(self, url):
        purged.append(url)


class RecordingKeyBackend(KeyPurging, BaseBackend):
    key_header = "xkey"

    def send_key_purge(self, keys, hard):
        purged_keys.extend((key, hard) for key in keys)

    def purge(self, url):
        purged.append(url)
