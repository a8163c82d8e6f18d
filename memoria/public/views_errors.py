"""Error pages in the site's own design and the visitor's language.

Django calls these for any 400, 403, 404 and 500 (`handler…` in memoria/urls.py); the search
view uses `query_too_long` for a query longer than the archive searches. Each page keeps the
header (language switcher, search box) and offers a way back. The API and OAI-PMH answer their
own errors in their own formats and never reach these views.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)


def _page(request, status, title, message, **extra):
    context = {"status": status, "title": title, "message": message, **extra}
    return render(request, "public/error.html", context, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        # A form whose fields (a pasted text, not its files) exceed DATA_UPLOAD_MAX_MEMORY_SIZE:
        # Django refuses it before any view runs, so the page must say what to do instead.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return _page(request, 413, _("What you sent is too large"),
                     _("The fields of one form may hold at most %(limit)d MB; nothing was saved. "
                       "Send a longer text as a file (the form's file field), or in several parts.")
                     % {"limit": limit})
    return _page(request, 400, _("This address is not valid"),
                 _("The server could not understand this request. Check the address, or start again from the exhibition."))


def permission_denied(request, exception=None):
    return _page(request, 403, _("This page is not open to visitors"),
                 _("You do not have permission to see this page."))


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):  # a program asked: it reads JSON, as the API's own errors
        return JsonResponse({"detail": "Not Found"}, status=404)
    # An unknown label address (/i/…) carries the nearest inventory numbers the visitor may have meant.
    suggestions = getattr(exception, "suggestions", None) or []
    return _page(request, 404, _("This page does not exist"),
                 _("There is no published page at this address. It may have been mistyped, or the record is not published."),
                 suggestions=suggestions, inventory_number=getattr(exception, "inventory_number", ""))


def server_error(request):
    """Rendered with the site's template when it can be; a plain page when rendering fails too
    (the error may be in the database or the templates themselves)."""
    try:
        return _page(request, 500, _("Something went wrong on our side"),
                     _("The page could not be shown because of an error in the archive's server. It has been recorded; please try again later."))
    except Exception:  # noqa: BLE001 — the last resort must not fail
        log.exception("The error page itself failed")
        return HttpResponseServerError(
            "<!doctype html><title>Server error</title><h1>Server error</h1><p><a href='/'>memoria</a></p>",
            content_type="text/html; charset=utf-8",
        )


def query_too_long(request, query: str, limit: int) -> HttpResponse:
    """414-style refusal of a search longer than the archive searches, with the search box
    holding the part that would be searched."""
    return _page(request, 414, _("This search is too long"),
                 _("The search has %(length)s characters; the archive searches at most %(limit)s. "
                   "Shorten it and search again.") % {"length": len(query), "limit": limit},
                 retry_query=query[:limit], query_limit=limit)
