"""Kiosk mode: the public site on a touchscreen in the exhibition hall.

A browser enters kiosk mode at /<lang>/kiosk/ and leaves it at /<lang>/kiosk/exit/ (not
linked anywhere; whoever sets up the kiosk types it). The flag lives in the browser's
session, with the language the kiosk was started in: after MEMORIA_KIOSK_IDLE_MINUTES without
a touch, the screen shows the attract screen (kiosk_views.attract: the exhibition's title,
quotations from the archive, "touch to begin" in the four languages); a touch there opens the
exhibition's home in that language for the next visitor.

While the flag is set, the public pages are rendered as a visitor sees them (even if someone
signed in to the back office in the same browser: a hall screen must never show unpublished
records), with large type and touch targets, no links out of the exhibition, no downloads.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

SESSION_KEY = "memoria_kiosk"
DEFAULT_IDLE_MINUTES = 3


def kiosk_language(request) -> str | None:
    """The kiosk's language if this browser is in kiosk mode, else None."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    state = session.get(SESSION_KEY)
    return state.get("lang") if isinstance(state, dict) else None


def start(request, lang: str) -> None:
    request.session[SESSION_KEY] = {"lang": lang}


def stop(request) -> None:
    request.session.pop(SESSION_KEY, None)


def home_url(lang: str) -> str:
    with translation.override(lang):
        return reverse("public:home")


def attract_url(lang: str) -> str:
    with translation.override(lang):
        return reverse("kiosk:attract")


def idle_seconds() -> float:
    minutes = float(getattr(settings, "MEMORIA_KIOSK_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))
    # Never zero: a zero timer would send every visitor home before they could read a line.
    return max(minutes * 60, 1.0)


def _is_back_office(path: str) -> bool:
    return path.startswith(("/admin/", "/api/"))


class KioskMiddleware:
    """In kiosk mode, public pages see an anonymous visitor (placed after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_back_office(request.path_info) and kiosk_language(request):
            request.user = AnonymousUser()
            request.memoria_kiosk = True
        return self.get_response(request)


def context(request):
    """Template context: `kiosk` (false outside kiosk mode) with the home and attract screen's
    URLs and the idle time."""
    lang = kiosk_language(request) if getattr(request, "memoria_kiosk", False) else None
    if not lang:
        return {"kiosk": None}
    return {"kiosk": {"home": home_url(lang), "attract": attract_url(lang),
                      "idle_seconds": f"{idle_seconds():g}", "lang": lang}}
