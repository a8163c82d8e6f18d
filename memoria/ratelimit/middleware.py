"""Which requests count against a rate limit, whose they are, and the answer when over it.

Only the expensive endpoints are limited, per client address and area (settings.MEMORIA_RATE_LIMITS):

  search   the public search page (full text and names), /<lang>/search/
  names    the API's name search, /api/people?q=…
  api      the rest of the anonymous API under /api/
  oai      OAI-PMH at /oai

Ordinary pages never are: a hall of visitors behind one museum address scanning QR codes reads
item and person pages. Not limited either: signed-in back-office users (staff), and API requests
that carry an Authorization header — the API checks the token before any work and refuses a wrong
one with 401, so a made-up token buys nothing expensive, and a right one is a known client.

Over the limit: pages answer 429 with a page in the site's design and the visitor's language; the
API answers 429 with JSON {"detail": …}; OAI-PMH answers 503, the status its specification gives for
flow control and the one harvesters retry after Retry-After (oaipmh-scythe/Sickle do by default;
OAI-PMH has no error code for it, so the body is plain text). All carry Retry-After in seconds.
"""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from memoria.ratelimit.counting import Limit, store

AREAS = ("search", "names", "api", "oai")


def area_of(request, match) -> str | None:
    """The limited area a resolved request belongs to, or None for everything else."""
    if match.view_name == "public:search":
        return "search"
    if match.view_name == "oai":
        return "oai"
    if match.namespace == "api":
        return "names" if match.route == "api/people" and request.GET.get("q") else "api"
    return None


def _networks(entries, where: str) -> list:
    try:
        return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]
    except ValueError as error:
        raise ImproperlyConfigured(f"{where}: {error}") from None


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(request, trusted_proxies: list) -> str:
    """Whose request this is: REMOTE_ADDR, or, when that is a trusted proxy, the address the
    proxies recorded in X-Forwarded-For (read from the right: the first hop that is not a trusted
    proxy; anything further left was written by the client and could be anything). An IPv6 client
    is its /64, which one household or phone holds whole."""
    address = _address(request.META.get("REMOTE_ADDR", ""))
    if address is not None and any(address in network for network in trusted_proxies):
        for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
            hop_address = _address(hop)
            if hop_address is None:
                break  # a proxy that writes no address: keep the proxy's own
            address = hop_address
            if not any(hop_address in network for network in trusted_proxies):
                break
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _message(seconds: int) -> str:
    return ngettext(
        "Too many requests from this address. Please try again in %(seconds)d second.",
        "Too many requests from this address. Please try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def too_many(request, area: str, seconds: int) -> HttpResponse:
    if area == "search":
        response = render(request, "public/rate_limited.html",
                          {"seconds": seconds, "query": request.GET.get("q", "")}, status=429)
    elif area == "oai":
        response = HttpResponse(_message(seconds), status=503, content_type="text/plain; charset=utf-8")
    else:
        response = JsonResponse({"detail": _message(seconds)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


class RateLimitMiddleware:
    """Placed after authentication (and the kiosk, whose screens count as visitors)."""

    def __init__(self, get_response):
        self.get_response = get_response
        configured = settings.MEMORIA_RATE_LIMITS
        unknown = set(configured) - set(AREAS)
        if unknown:
            raise ImproperlyConfigured(f"MEMORIA_RATE_LIMITS: unknown areas {sorted(unknown)}; known: {AREAS}")
        self.limits = {
            area: Limit.parse(configured[area],
                              f"MEMORIA_RATE_LIMIT_{area.upper()} (settings.MEMORIA_RATE_LIMITS[{area!r}])")
            for area in AREAS if area in configured
        }
        self.trusted_proxies = _networks(settings.MEMORIA_TRUSTED_PROXIES, "MEMORIA_TRUSTED_PROXIES")
        self.store = store()

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        area = area_of(request, request.resolver_match)
        limit = self.limits.get(area)
        if limit is None or self._exempt(request, area):
            return None
        now = time.time()
        hit = self.store.hit(f"{area}:{client_address(request, self.trusted_proxies)}", limit.seconds, now)
        if hit.count <= limit.requests:
            return None
        return too_many(request, area, hit.retry_after(now))

    @staticmethod
    def _exempt(request, area: str) -> bool:
        if area in ("api", "names") and "Authorization" in request.headers:
            return True
        return request.user.is_authenticated and request.user.is_staff
