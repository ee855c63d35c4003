"""A front-end cache backend that keeps what it was asked to purge, for tests to read."""

from wagtail.contrib.frontend_cache.backends import BaseBackend

purged = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        purged.append(url)
