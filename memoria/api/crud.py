"""One router per record type, all with the same shape.

    GET    /<records>                 list: limit/offset, filters, {"items", "count"}
    GET    /<records>/{id}            one record, with its ETag
    GET    /<records>/{id}/citations  the sources backing it
    POST   /<records>                 create (token with the add permission)
    PUT    /<records>/{id}            replace   } If-Match: <ETag> required:
    PATCH  /<records>/{id}            change    } 428 without it, 412 when the
    DELETE /<records>/{id}            delete    } record changed since it was read

The endpoints only parse and answer; visibility is memoria.core.visibility's
rule and writes are the domain actions of memoria.core.services.
"""

import datetime
import functools
import re
from typing import Annotated, Callable

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.utils import translation
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, field_validator

from memoria.api.selectors import citations_of, visible_record
from memoria.api.auth import PUBLIC, token_auth
from memoria.api.inputs import declared_query_only, patch_of
from memoria.api.schemas import CitationOut, ErrorOut
from memoria.core import read_cache, services
from memoria.core.visibility import visible

MAX_PAGE = 100
MAX_OFFSET = 2**31 - 1


def errors(*statuses: int) -> dict:
    """The refusals an operation can answer, all in one shape (memoria.api.api maps the domain's errors):
    400 body too large, 401 no or bad token, 403 not allowed, 404 no such (visible) record,
    409 conflict (unique value, still referenced), 412 stale If-Match, 422 invalid input,
    428 If-Match missing; and on every operation 429, the rate limit of requests without a token
    (memoria.ratelimit), which comes before the token is checked."""
    return {status: ErrorOut for status in (*statuses, 429)}


LIST_ERRORS = errors(401, 422)
READ_ERRORS = errors(401, 404, 422)
CREATE_ERRORS = errors(400, 401, 403, 409, 422)
#: A change of an existing record: its If-Match is checked before the body's content.
CHANGE_ERRORS = errors(400, 401, 403, 404, 409, 412, 422, 428)
DELETE_ERRORS = errors(401, 403, 404, 409, 412, 422, 428)
#: Publishing and ordering: no unique value or reference can conflict.
ACTION_ERRORS = errors(400, 401, 403, 404, 412, 422, 428)
#: Required: without it the answer is 428 (memoria.api.api), so no write can overwrite a change unseen.
IF_MATCH = Header(..., alias="If-Match", min_length=1,
                  description='The ETag of the version you edit (from its GET), e.g. "3f2a…"; '
                              "several comma-separated, or * for any version.")


def as_recorded(action, *args):
    """Run a domain action in the default language: modeltranslation validates a translated field
    through the active language's column, and the rule is that the English text is there, whatever
    language the client reads (its Accept-Language still chooses the error messages' language)."""
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        return action(*args)


def _iso_8601(value):
    """Pydantic would also read "0.5" as a Unix time; the document promises ISO 8601 only."""
    if isinstance(value, str) and not re.match(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("use ISO 8601, e.g. 2025-02-01 or 2025-02-01T09:00:00+05:00")
    return value


def _utc(value: datetime.datetime) -> datetime.datetime:
    """PostgreSQL refuses UTC offsets beyond ±15:59 that ISO 8601 allows; UTC it takes."""
    try:
        return value.astimezone(datetime.timezone.utc)
    except OverflowError:
        raise ValueError("date out of range") from None


#: Free text in a filter: PostgreSQL cannot compare text with U+0000, so the document says it is refused.
FilterText = Annotated[str, Field(pattern=r"^[^\x00]*$")]
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_8601)]
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_iso_8601), AfterValidator(_utc)]


class Filters(Schema):
    """Filters every list has; record types add their own in `narrow`."""

    updated_since: IsoDateTime | None = Field(None, description="Only records changed at or after this "
                                                                "moment (ISO 8601 with a time zone).")

    @field_validator("*")
    @classmethod
    def _no_null_characters(cls, value):
        # PostgreSQL cannot compare text with U+0000: refuse it (422) rather than fail (500).
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("null characters (U+0000) are not allowed")
        return value

    def apply(self, queryset, user):
        if self.updated_since:
            queryset = queryset.filter(updated_at__gte=self.updated_since)
        return self.narrow(queryset, user)

    def narrow(self, queryset, user):
        return queryset


class Pages(LimitOffsetPagination):
    """{"items": [...], "count": total}; a limit above MAX_PAGE is refused (422), not cut silently."""

    class Input(Schema):
        limit: int = Field(MAX_PAGE, ge=1, le=MAX_PAGE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _kept_for_visitors(run):
    """A visitor's list answered from the read cache until the next committed write.

    The list endpoints are what scripts and aggregators read over and over; building a page of 100
    records (its queries, the objects, the schema's validation, the JSON) costs ~100 ms, reading it
    back a millisecond. Only requests without a token are kept (a token's user may see drafts),
    keyed by the whole address (filters, page, host: the records carry absolute links) and the
    active language. Wrapped around the whole operation (ninja's decorate_view), so the kept answer
    is the finished response, as the operation answered it; the middleware below the view (the rate
    limit above all) still sees every request.
    """

    @functools.wraps(run)
    def run_or_reuse(request, *args, **kwargs):
        if request.method != "GET" or request.headers.get("Authorization"):
            return run(request, *args, **kwargs)
        parts = ["api-list", request.build_absolute_uri(), translation.get_language() or ""]
        return read_cache.remembered(parts, lambda: run(request, *args, **kwargs))

    return run_or_reuse


#: For the list operations readable without a token: under @router.get, above @paginate.
kept_for_visitors = decorate_view(_kept_for_visitors)


def record_links(name: str, status: int) -> dict:
    """OpenAPI links of an answer carrying one record: its `id` and `ETag` address the record's
    other operations (a client, or schemathesis's stateful tests, can follow them)."""
    by_id = {"pk": "$response.body#/id"}
    versioned = {**by_id, "header.If-Match": "$response.header.ETag"}
    links = {"get": (f"{name}_get", by_id), "replace": (f"{name}_replace", versioned),
             "update": (f"{name}_update", versioned), "delete": (f"{name}_delete", versioned)}
    return {"responses": {status: {
        "links": {link: {"operationId": operation, "parameters": parameters}
                  for link, (operation, parameters) in links.items()},
        "headers": {"ETag": {"description": "The version of the record, for If-Match.",
                             "schema": {"type": "string"}}},
    }}}


def with_etag(response: HttpResponse, obj):
    response["ETag"] = services.version_of(obj)
    return obj


def record_router(*, model, name: str, out, payload, filters: type[Filters] = Filters,
                  queryset: Callable | None = None, citable: bool = True,
                  moved: Callable | None = None) -> Router:
    """CRUD endpoints for `model`; `queryset(user)` adds the joins and prefetches its output needs.

    `moved(pk, user)`: the record that record `pk` became (a person merged into another), which
    GET answers with a permanent redirect to; None when it is the record itself.
    """
    router = Router(tags=[name])
    base = queryset or (lambda user: model.objects.all())

    def fetch(user, pk):
        return visible_record(base(user), pk, user)

    @router.get("", response={200: list[out], **LIST_ERRORS}, **PUBLIC, operation_id=f"{name}_list",
                summary=f"List {name}")
    @kept_for_visitors
    @paginate(Pages)
    @declared_query_only(filters, Pages.Input)
    def list_records(request, query: Query[filters]):
        return query.apply(visible(base(request.auth), request.auth), request.auth)

    read_answers = {200: out, **({301: None} if moved else {}), **READ_ERRORS}

    @router.get("/{pk}", response=read_answers, auth=PUBLIC["auth"],
                openapi_extra={**PUBLIC["openapi_extra"], **record_links(name, 200)},
                operation_id=f"{name}_get",
                summary="Get one" + (" (301 to the record it was merged into)" if moved else ""))
    def get_record(request, pk: int, response: HttpResponse):
        target = moved(pk, request.auth) if moved else None
        if target is not None:
            redirect = HttpResponsePermanentRedirect(f"{request.path.rstrip('/').rsplit('/', 1)[0]}/{target.pk}")
            redirect["Cache-Control"] = "no-cache"  # an undone merge gives the old address back
            return redirect
        return with_etag(response, fetch(request.auth, pk))

    if citable:
        @router.get("/{pk}/citations", response={200: list[CitationOut], **READ_ERRORS},
                    **PUBLIC, operation_id=f"{name}_citations", summary="Its citations")
        def record_citations(request, pk: int):
            return citations_of(model, pk, request.auth)

    write_routes(router, model=model, name=name, out=out, payload=payload, queryset=base)
    return router


def write_routes(router: Router, *, model, name: str, out, payload, queryset: Callable) -> None:
    """POST, PUT, PATCH and DELETE for `model`; each answers with the record as GET shows it."""

    def answer(response, user, obj):
        """The saved record as GET shows it (relations included), with its new ETag."""
        return with_etag(response, queryset(user).get(pk=obj.pk))

    @router.post("", response={201: out, **CREATE_ERRORS}, auth=token_auth, openapi_extra=record_links(name, 201),
                 operation_id=f"{name}_create", summary="Create")
    def create_record(request, body: payload, response: HttpResponse):
        obj = as_recorded(services.create, model, body.model_dump(), request.auth)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{obj.pk}")
        return Status(201, answer(response, request.auth, obj))

    @router.put("/{pk}", response={200: out, **CHANGE_ERRORS}, auth=token_auth,
                openapi_extra=record_links(name, 200), operation_id=f"{name}_replace", summary="Replace (omitted fields are emptied)")
    def replace_record(request, pk: int, body: payload, response: HttpResponse, if_match: str = IF_MATCH):
        obj = as_recorded(services.update, model, pk, body.model_dump(), request.auth, if_match)
        return answer(response, request.auth, obj)

    @router.patch("/{pk}", response={200: out, **CHANGE_ERRORS}, auth=token_auth,
                  openapi_extra=record_links(name, 200), operation_id=f"{name}_update", summary="Change the given fields")
    def update_record(request, pk: int, body: patch_of(payload), response: HttpResponse,
                      if_match: str = IF_MATCH):
        data = body.model_dump(exclude_unset=True)
        obj = as_recorded(services.update, model, pk, data, request.auth, if_match)
        return answer(response, request.auth, obj)

    @router.delete("/{pk}", response={204: None, **DELETE_ERRORS}, auth=token_auth,
                   operation_id=f"{name}_delete", summary="Delete")
    def delete_record(request, pk: int, if_match: str = IF_MATCH):
        services.delete(model, pk, request.auth, if_match)
        return Status(204, None)
