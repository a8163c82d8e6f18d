"""The NinjaAPI instance: routers, error answers, and the self-hosted docs page.

Every error has one shape, {"detail": "...", "errors": [{"field", "message", "code"}]},
whether it comes from the request's syntax (pydantic) or from the models' rules
(full_clean), so a client reads a refusal the same way everywhere.
"""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.http import Http404, RawPostDataException
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.openapi.docs import DocsBase

from memoria.api import (
    citations, contributions, events, exhibitions, items, media_files, people, places, relations, sources, texts,
    units,
)
from memoria.api.schemas import LANGS
from memoria.contributions.errors import Refused
from memoria.core.errors import NotFound, VersionConflict, VersionRequired

_LANG_COLUMN = re.compile(rf"^(?P<field>.+)_(?P<lang>{'|'.join(LANGS)})$")


class SelfHostedSwagger(DocsBase):
    """Swagger UI from our own static files, started by a script file, not inline.

    django-ninja's own Swagger page falls back to a CDN unless "ninja" is in
    INSTALLED_APPS; ours serves Swagger UI (copied from django-ninja 1.7.1's
    bundled swagger-ui, see static/api/swagger-ui/VERSION.txt) from /static/ so the
    page works offline and under the site's `script-src 'self'` CSP unchanged.
    """

    def render_page(self, request, api, **kwargs):
        return render(request, "api/docs.html", {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)})


api = NinjaAPI(
    title="memoria API",
    version="1",
    description=(
        "The archive's published records for anyone; curators write with "
        "`Authorization: Bearer <token>` (issued by `memoria api-token USERNAME`). "
        "Writes to an existing record need `If-Match` with the ETag of its last GET (428 without it, "
        "412 when the record changed since). Text may not contain U+0000 (422); a list refuses a query "
        "parameter it does not declare (422), so that a misspelt filter is never ignored. Requests without a "
        "token are rate-limited per address (429, with Retry-After)."
    ),
    urls_namespace="api",
    docs=SelfHostedSwagger(),
)

for prefix, module in [("people", people), ("items", items), ("events", events), ("places", places),
                       ("units", units), ("sources", sources), ("exhibitions", exhibitions),
                       ("citations", citations), ("media", media_files), ("contributions", contributions)]:
    api.add_router(f"/{prefix}", module.router)
api.add_router("/sections", exhibitions.sections)
api.add_router("/entries", exhibitions.entries)
for prefix, relation_router in relations.routers.items():
    api.add_router(f"/{prefix}", relation_router)
api.add_router("", texts.router)  # POST /api/extract


def _error(request, status: int, detail: str, errors=()):
    return api.create_response(request, {"detail": detail, "errors": list(errors)}, status=status)


def _api_field(field: str) -> str | None:
    """Model field names as the API spells them: title_ru → title.ru, __all__ → null."""
    if field == "__all__":
        return None
    match = _LANG_COLUMN.match(field)
    return f"{match['field']}.{match['lang']}" if match else field


#: Codes of the models' refusals that name a value another record already has.
UNIQUE_CODES = {"unique", "unique_together", "unique_constraint"}


@api.exception_handler(ModelValidationError)
def model_invalid(request, exc):
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    errors = [{"field": _api_field(field), "message": message, "code": error.code}
              for field, error_list in by_field.items() for error in error_list for message in error]
    if errors and all(error["code"] in UNIQUE_CODES for error in errors):
        # Valid on its own, refused because of another record (a used inventory number): a conflict.
        return _error(request, 409, "Another record already has this value: see errors.", errors)
    return _error(request, 422, "The record was not saved: see errors.", errors)


def _if_match_missing(errors) -> bool:
    return any(error["type"] == "missing" and tuple(error["loc"]) == ("header", "If-Match") for error in errors)


@api.exception_handler(RequestValidationError)
def request_invalid(request, exc):
    if _if_match_missing(exc.errors):
        # RFC 6585's answer to a write without its precondition, as the domain's VersionRequired gets.
        return precondition_required(request, exc)
    errors = [
        {"field": ".".join(str(part) for part in error["loc"][1:] if part != "body") or None,
         "message": error["msg"], "code": error.get("type")}
        for error in exc.errors
    ]
    return _error(request, 422, "The request does not match the API: see errors.", errors)


@api.exception_handler(HttpError)
def unreadable(request, exc):
    # django-ninja's own refusals (a body that is not JSON: 400) in the API's one error shape.
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def too_large(request, exc):
    # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE before it is parsed; say so in
    # JSON like every other API error (left to Django, it is a 400 HTML page).
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    # 400 rather than 413: schemathesis (and clients generated from the OpenAPI) treat 400 as
    # the refusal of a bad request; the detail says why.
    return _error(request, 400, f"The request body is larger than {limit} MB.")


@api.exception_handler(RawPostDataException)
def form_instead_of_json(request, exc):
    # A form (multipart) sent to an operation that reads JSON: the upload limit (core.uploads) has
    # read the form already, and the JSON body can no longer be read. Say what the operation takes.
    return _error(request, 400, "This operation takes a JSON body (Content-Type: application/json), not a form.")


@api.exception_handler(Refused)
def contribution_refused(request, exc):
    # A contribution refused as a whole: over its rate limits (429, with when to retry) or a robot's.
    if exc.retry_after:
        response = _error(request, 429, exc.message)
        response["Retry-After"] = str(exc.retry_after)
        return response
    return _error(request, 422, exc.message)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = _error(request, 401, "A valid token is needed: Authorization: Bearer <token>.")
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, str(exc) or "Your account may not do this.")


@api.exception_handler(NotFound)
@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "Not found.")


@api.exception_handler(VersionRequired)
def precondition_required(request, exc):
    return _error(request, 428, "Send If-Match with the ETag of the version you edit (GET the record first).")


@api.exception_handler(VersionConflict)
def precondition_failed(request, exc):
    return _error(request, 412, "The record changed since you read it: GET it again and reapply your change.")


@api.exception_handler(ProtectedError)
def protected(request, exc):
    return _error(request, 409, "Other records still refer to this one: " +
                  ", ".join(sorted({str(obj) for obj in exc.protected_objects})[:10]))


@api.exception_handler(IntegrityError)
def conflict(request, exc):
    # full_clean checks unique fields first; this only answers a concurrent write that won the race.
    return _error(request, 409, "Another record was saved with the same unique value meanwhile; retry.")
