import os

from django.core.asgi import get_asgi_application

from dateline.server.lifespan import Lifespan
from dateline.server.threads import SyncThreads

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.production")

django_application = get_asgi_application()


def build_application():
    from django.conf import settings

    on_threads = SyncThreads(django_application, threads=settings.SERVER_THREADS)
    if not settings.PAGE_CACHE_ENABLED:
        return Lifespan(on_threads)
    from dateline.delivery.page_cache import PageCache
    from dateline.delivery.purge import page_store

    reads = read_tally(settings)
    # The reads this process counted are written before it ends.
    return Lifespan(PageCache(
        on_threads,
        page_store(),
        seconds=settings.PAGE_CACHE_SECONDS,
        cdn_seconds=settings.PAGE_CACHE_CDN_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        private_prefixes=settings.PAGE_CACHE_PRIVATE_PREFIXES,
        pass_prefixes=settings.PAGE_CACHE_PASS_PREFIXES,
        # "messages" is Django's cookie for one-time notices meant for this visitor only.
        private_cookies=[settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"],
        # Each edition's language is in its path (/fa/…, dateline.urls), which keys its pages
        # already; Accept-Language changes no page.
        vary_on_language=False,
        # The scheme is in the key as Django sees it, which is what its redirects depend on.
        secure_proxy_ssl_header=settings.SECURE_PROXY_SSL_HEADER,
        reads=reads,
    ), on_shutdown=[reads.close] if reads is not None else [])


def read_tally(settings):
    """The count of reads the page cache reports to, unless counting is off."""
    if not settings.MOST_READ_ENABLED:
        return None
    from dateline.readership.most_read import shared_reads
    from dateline.readership.tally import ReadTally

    return ReadTally(flush_seconds=settings.MOST_READ_FLUSH_SECONDS, shared=shared_reads())


application = build_application()
