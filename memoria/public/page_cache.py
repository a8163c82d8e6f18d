"""Whole public pages for anonymous visitors, from a cache every server worker shares.

A class scanning one QR code asks for the same page forty times: the first request renders it,
the others get the stored response without touching the database, the session or a template.
Exactness comes from memoria.core.page_cache: pages are keyed by the site's generation, which
every committed write replaces.

Only a visitor who carries no session and no messages cookie is served or stored: a signed-in
curator, a kiosk (its flag is in the session) and a page showing a flash message are all rendered
afresh and never stored. A response is stored only if it is a plain 200 that sets no cookie and
does not refuse caching (the contribution pages say no-store). The stored page carries an ETag
(its body's hash) and Last-Modified, answered with 304 Not Modified, and "Cache-Control: no-cache"
so that browsers ask again each time (a cheap 304) instead of guessing how long it stays true.

Placed just after WhiteNoise: a hit skips every other middleware; the stored response already
has the headers they added (CSP, frame options, Vary, Content-Language).

Every write replaces the generation, so right after a curator's save every reader misses at once.
Rendered by each of them, one page would be built by every thread of every worker at the same
time (a crowd of 32 is 32 renders of the home page, each slowed by the others), and a curator's
next request would queue behind them all. So within a worker one thread renders a missing page
and the others asking for it wait for that render, then read it from the cache: a page costs one
render per worker and generation, and the waiting threads leave the CPU to the rest (the save).
Across workers (and app servers sharing Redis) the thread that renders leaves a marker in the
page cache first; a worker that finds it waits for the page to appear there instead of rendering
it too, so a page is rendered about once per generation, whatever the number of workers.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import threading
import time

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from memoria.core import page_cache

REFUSING_CACHE_CONTROL = ("private", "no-store", "no-cache")
SITEMAP = re.compile(r"/sitemap(?:-[\w-]+)?\.xml\Z")
#: How long a request waits for another thread's render of its page before it renders it itself.
WAIT_FOR_RENDER_SECONDS = 30
#: How long a request waits for another worker's render, looking for the page this often.
WAIT_FOR_OTHER_WORKER_SECONDS = 10
LOOK_AGAIN_SECONDS = 0.02

_rendering: dict[str, threading.Event] = {}
_rendering_lock = threading.Lock()


def _is_public_page(path: str) -> bool:
    parts = path.split("/", 3)  # "/en/people/1/" → ["", "en", "people", "1/"]
    if len(parts) > 2 and parts[1] in {code for code, _ in settings.LANGUAGES}:
        return parts[2] != "kiosk"
    return bool(SITEMAP.match(path))


def cacheable_request(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        and _is_public_page(request.path_info)
    )


def cacheable_response(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "").lower()
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in REFUSING_CACHE_CONTROL)
        and not (user is not None and user.is_authenticated)
        and not getattr(request, "memoria_kiosk", False)
    )


def page_key(request, generation: str) -> str:
    meta = request.META
    varies = [request.scheme, request.get_host(), request.get_full_path(), meta.get("HTTP_ACCEPT", "")]
    if not request.path_info.startswith(tuple(f"/{code}/" for code, _ in settings.LANGUAGES)):
        # The sitemaps have no language prefix: the visitor's language preference may choose it.
        varies += [meta.get("HTTP_ACCEPT_LANGUAGE", ""), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")]
    digest = hashlib.sha256("\n".join(varies).encode()).hexdigest()
    return f"page:{generation}:{digest}"


@contextlib.contextmanager
def _one_render(key: str):
    """True: this thread renders the page `key` (the others wait for it); False: another thread of
    this worker was rendering it and has finished (or took too long): look in the cache again."""
    with _rendering_lock:
        rendering = _rendering.get(key)
        leads = rendering is None
        if leads:
            rendering = _rendering[key] = threading.Event()
    if not leads:
        rendering.wait(WAIT_FOR_RENDER_SECONDS)
        yield False
        return
    try:
        yield True
    finally:
        with _rendering_lock:
            del _rendering[key]
        rendering.set()


def _rendering_key(key: str) -> str:
    return f"{key}:rendering"


def _rendered_by_another_worker(key: str, cache):
    """The page, once the worker that announced its render has stored it; None when that render
    ended without storing it (a page that is not cached, an error) or took too long."""
    deadline = time.monotonic() + WAIT_FOR_OTHER_WORKER_SECONDS
    while time.monotonic() < deadline:
        time.sleep(LOOK_AGAIN_SECONDS)
        response = cache.get(key)
        if response is not None:
            return response
        if not cache.has_key(_rendering_key(key)):
            return cache.get(key)
    return None


def _conditional(request, response):
    return get_conditional_response(
        request, etag=response["ETag"],
        last_modified=parse_http_date_safe(response["Last-Modified"]), response=response,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = page_cache.seconds()
        if seconds <= 0 or not cacheable_request(request):
            return self.get_response(request)
        # Read before rendering: a write committed meanwhile replaces the generation, so a page
        # that may predate it is stored under a key no one asks for again.
        generation = page_cache.generation()
        key = page_key(request, generation)
        cache = page_cache.pages()
        response = cache.get(key)
        if response is None and not page_cache.storable(generation, any_replica=True):
            return self.get_response(request)  # a standby behind the generation: not kept
        if response is None:
            with _one_render(key) as leads:
                if not leads:
                    response = cache.get(key)  # rendered meanwhile by another thread of this worker
                elif cache.add(_rendering_key(key), True, WAIT_FOR_OTHER_WORKER_SECONDS):
                    try:
                        return self._render(request, key, cache, seconds)
                    finally:
                        cache.delete(_rendering_key(key))
                else:
                    response = _rendered_by_another_worker(key, cache)
                if response is None:
                    return self._render(request, key, cache, seconds)
        response["X-Cache"] = "hit"
        return _conditional(request, response)

    def _render(self, request, key: str, cache, seconds: int):
        response = self.get_response(request)
        if not cacheable_response(request, response):
            return response
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["Last-Modified"] = http_date(time.time())
        patch_cache_control(response, no_cache=True)
        cache.set(key, response, seconds)
        response["X-Cache"] = "miss"
        return _conditional(request, response)
