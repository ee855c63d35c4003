"""What the page cache keys a page by, run in this process in front of a small Django app: the
address without tracking parameters, the scheme as Django sees it, and a session however the
reader's browser spells its cookie. Both stores, the process's own and Redis."""

import asyncio
import io

import pytest
import redis

from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware

from dateline.delivery import page_cache
from dateline.delivery.page_cache import PageCache
from tests.conftest import run_on_a_new_loop
from tests.delivery.conftest import REDIS_URL, redis_keys

pytestmark = pytest.mark.database_independent

PROXY_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


class SecuredDjango:
    """An ASGI app answering as Dateline's Django would, through Django's own request and
    SecurityMiddleware (with SECURE_SSL_REDIRECT on): counts the pages it renders and keeps
    the query each render saw."""

    def __init__(self):
        self.renders = []

    async def __call__(self, scope, receive, send):
        request = ASGIRequest(scope, io.BytesIO())
        self.renders.append(request.GET.dict())
        page = HttpResponse(b"<p>Ferry returns to Baku</p>", content_type="text/html")
        response = SecurityMiddleware(lambda request: page)(request)
        await send({"type": "http.response.start", "status": response.status_code,
                    "headers": [(name.lower().encode(), value.encode())
                                for name, value in response.items()]})
        await send({"type": "http.response.body", "body": response.content})


@pytest.fixture(params=["local_store", "redis_store"])
def store(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def django_app(settings, monkeypatch):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = PROXY_HEADER
    # No database here: no page changes by the clock.
    monkeypatch.setattr(page_cache, "next_change_after", lambda timestamp: None)
    return SecuredDjango()


@pytest.fixture
def cache(django_app, store):
    return PageCache(django_app, store, seconds=300, cdn_seconds=60, stale_while_revalidate=30,
                     private_prefixes=["/admin/"], pass_prefixes=["/static/"],
                     private_cookies=["sessionid", "csrftoken", "messages"],
                     vary_on_language=False, secure_proxy_ssl_header=PROXY_HEADER)


async def ask(cache, path, query=b"", headers=(), scheme="http"):
    """(status, headers, body) of a GET through the cache, over plain HTTP with only a Host
    header unless told otherwise (THROUGH_PROXY: from a reader behind the HTTPS proxy)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "GET", "scheme": scheme, "path": path, "raw_path": path.encode(),
             "query_string": query, "root_path": "", "server": ("127.0.0.1", 8000),
             "client": ("127.0.0.1", 50000),
             "headers": [(b"host", b"localhost"), *headers]}
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    await cache(scope, receive, send)
    await asyncio.gather(*cache.revalidations)
    return (messages[0]["status"], dict(messages[0]["headers"]),
            b"".join(message.get("body", b"") for message in messages[1:]))


THROUGH_PROXY = [(b"x-forwarded-proto", b"https")]
TRACKING = [b"utm_campaign=spring-{n}", b"fbclid=IwAR{n}", b"gclid=Cj0{n}", b"dclid={n}",
            b"msclkid={n}", b"mc_cid={n}&mc_eid={n}", b"_ga=2.{n}", b"igshid={n}",
            b"yclid={n}", b"ref_src=twsrc%5E{n}", b"UTM_Source=news{n}&utm_medium=email"]


def stored_entries(store):
    """How many versions of pages the store holds."""
    if hasattr(store, "pages"):
        return len(store.pages)
    client = redis.Redis.from_url(REDIS_URL)
    return sum(field.endswith(b"|meta")
               for key in redis_keys(store.prefix.removesuffix(":pages"))
               if client.type(key) == b"hash" for field in client.hkeys(key))


def test_tracking_parameters_give_one_render_and_one_entry(cache, django_app, store):
    async def scene():
        answers = [await ask(cache, "/", TRACKING[n % len(TRACKING)].replace(
            b"{n}", str(n).encode()), THROUGH_PROXY) for n in range(400)]
        assert {status for status, _, _ in answers} == {200}
        assert [headers[b"x-dateline-cache"] for _, headers, _ in answers].count(b"miss") == 1

    run_on_a_new_loop(scene())
    assert django_app.renders == [{}]
    assert stored_entries(store) == 1


def test_other_parameters_keep_their_own_entry_and_reach_django_without_tracking(
        cache, django_app):
    async def scene():
        for _ in range(2):
            await ask(cache, "/caucasus/", b"page=2&utm_source=x", THROUGH_PROXY)
            await ask(cache, "/caucasus/", b"page=3", THROUGH_PROXY)

    run_on_a_new_loop(scene())
    assert django_app.renders == [{"page": "2"}, {"page": "3"}]


def test_the_redirect_to_https_is_never_stored_and_proxied_readers_get_the_page(
        cache, django_app, store):
    async def scene():
        for _ in range(3):
            status, headers, _ = await ask(cache, "/caucasus/")
            assert (status, headers[b"location"]) == (301, b"https://localhost/caucasus/")
            assert headers[b"x-dateline-cache"] == b"bypass"
        for state in (b"miss", b"hit"):
            status, headers, body = await ask(cache, "/caucasus/", headers=THROUGH_PROXY)
            assert (status, headers[b"x-dateline-cache"]) == (200, state)
            assert body == b"<p>Ferry returns to Baku</p>"

    run_on_a_new_loop(scene())
    assert len(django_app.renders) == 4


def test_a_page_stored_for_https_readers_is_not_served_over_plain_http(cache):
    async def scene():
        await ask(cache, "/caucasus/", headers=THROUGH_PROXY)
        return await ask(cache, "/caucasus/")

    status, headers, _ = run_on_a_new_loop(scene())
    assert (status, headers[b"location"]) == (301, b"https://localhost/caucasus/")


@pytest.mark.parametrize(("headers", "server_scheme", "django_sees"), [
    ([], "https", "https"),  # TLS at the server itself, no proxy header
    ([(b"x-forwarded-proto", b"https, http")], "http", "https"),  # the first value counts
    ([(b"x-forwarded-proto", b"https"), (b"x-forwarded-proto", b"http")], "http", "https"),
    ([(b"x-forwarded-proto", b"http")], "https", "http"),  # the header wins over the server
    ([(b"x-forwarded-proto", b"HTTPS")], "http", "http"),
    ([(b"x-forwarded_proto", b"https")], "http", "http"),  # Django ignores "_" in names
])
def test_the_scheme_in_the_key_is_the_one_django_sees(cache, headers, server_scheme, django_sees):
    """Where Django sees https the page is stored; where it sees http it redirects, unstored."""
    scope = {"type": "http", "method": "GET", "path": "/caucasus/", "query_string": b"",
             "headers": headers, "scheme": server_scheme}
    assert ASGIRequest(scope, io.BytesIO()).scheme == django_sees

    async def scene():
        return [await ask(cache, "/caucasus/", headers=headers, scheme=server_scheme)
                for _ in range(2)]

    answers = run_on_a_new_loop(scene())
    if django_sees == "https":
        assert [answer[1][b"x-dateline-cache"] for answer in answers] == [b"miss", b"hit"]
    else:
        assert [answer[0] for answer in answers] == [301, 301]
        assert [answer[1][b"x-dateline-cache"] for answer in answers] == [b"bypass"] * 2


@pytest.mark.parametrize("cookie", [
    b"sessionid =x", b"; sessionid=x", b'sessionid="x"', b"theme=dark; sessionid=x; lang=fa",
    b"sessionid=x;theme=dark", b"theme=dark;  csrftoken = t ", b"messages=abc",
    b"sessionid\t=x",
])
def test_a_cookie_django_reads_as_a_session_keeps_the_request_private(
        cache, django_app, cookie):
    assert set(ASGIRequest({"type": "http", "method": "GET", "path": "/", "query_string": b"",
                            "headers": [(b"cookie", cookie)]}, io.BytesIO()).COOKIES) & {
        "sessionid", "csrftoken", "messages"}

    async def scene():
        await ask(cache, "/caucasus/", headers=THROUGH_PROXY)  # the anonymous page, stored
        return await ask(cache, "/caucasus/", headers=[*THROUGH_PROXY, (b"cookie", cookie)])

    _, headers, _ = run_on_a_new_loop(scene())
    assert headers[b"x-dateline-cache"] == b"bypass"
    assert {"private", "no-store"} <= {part.strip() for part in
                                       headers[b"cache-control"].decode().split(",")}
    assert len(django_app.renders) == 2


def test_other_cookies_share_the_anonymous_page(cache):
    async def scene():
        await ask(cache, "/caucasus/", headers=THROUGH_PROXY)
        return await ask(cache, "/caucasus/", headers=[
            *THROUGH_PROXY, (b"cookie", b"theme=dark; mysessionid=1; sessionid_hint=2")])

    _, headers, _ = run_on_a_new_loop(scene())
    assert headers[b"x-dateline-cache"] == b"hit"
