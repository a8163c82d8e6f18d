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
import re
from typing import Annotated, Callable

from django.http import HttpResponse
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, field_validator

from memoria.api.selectors import citations_of, visible_record
from memoria.api.auth import PUBLIC, token_auth
from memoria.api.schemas import CitationOut, ErrorOut
from memoria.core import services
from memoria.core.visibility import visible

MAX_PAGE = 100
MAX_OFFSET = 2**31 - 1
LIST_ERRORS = {401: ErrorOut, 422: ErrorOut}
READ_ERRORS = {**LIST_ERRORS, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                412: ErrorOut, 422: ErrorOut, 428: ErrorOut}
IF_MATCH = Header(None, alias="If-Match", description="The ETag of the version you edit (from GET).")


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


#: A record id in a filter: beyond the 64-bit range no record exists, and the database would overflow.
RecordId = Annotated[int, Field(ge=1, le=2**63 - 1)]
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


def with_etag(response: HttpResponse, obj):
    response["ETag"] = services.version_of(obj)
    return obj


def record_router(*, model, name: str, out, payload, filters: type[Filters] = Filters,
                  queryset: Callable | None = None, citable: bool = True) -> Router:
    """CRUD endpoints for `model`; `queryset(user)` adds the joins and prefetches its output needs."""
    router = Router(tags=[name])
    base = queryset or (lambda user: model.objects.all())

    def fetch(user, pk):
        return visible_record(base(user), pk, user)

    @router.get("", response={200: list[out], **LIST_ERRORS}, **PUBLIC, operation_id=f"{name}_list",
                summary=f"List {name}")
    @paginate(Pages)
    def list_records(request, query: Query[filters]):
        return query.apply(visible(base(request.auth), request.auth), request.auth)

    @router.get("/{pk}", response={200: out, **READ_ERRORS}, **PUBLIC,
                operation_id=f"{name}_get", summary="Get one")
    def get_record(request, pk: int, response: HttpResponse):
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

    @router.post("", response={201: out, **WRITE_ERRORS}, auth=token_auth,
                 operation_id=f"{name}_create", summary="Create")
    def create_record(request, body: payload, response: HttpResponse):
        obj = services.create(model, body.model_dump(), request.auth)
        response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{obj.pk}")
        return Status(201, answer(response, request.auth, obj))

    @router.put("/{pk}", response={200: out, **WRITE_ERRORS}, auth=token_auth,
                operation_id=f"{name}_replace", summary="Replace (omitted fields are emptied)")
    def replace_record(request, pk: int, body: payload, response: HttpResponse,
                       if_match: str | None = IF_MATCH):
        obj = services.update(model, pk, body.model_dump(), request.auth, if_match)
        return answer(response, request.auth, obj)

    @router.patch("/{pk}", response={200: out, **WRITE_ERRORS}, auth=token_auth,
                  operation_id=f"{name}_update", summary="Change the given fields")
    def update_record(request, pk: int, body: payload, response: HttpResponse,
                      if_match: str | None = IF_MATCH):
        obj = services.update(model, pk, body.model_dump(exclude_unset=True), request.auth, if_match)
        return answer(response, request.auth, obj)

    @router.delete("/{pk}", response={204: None, **WRITE_ERRORS}, auth=token_auth,
                   operation_id=f"{name}_delete", summary="Delete")
    def delete_record(request, pk: int, if_match: str | None = IF_MATCH):
        services.delete(model, pk, request.auth, if_match)
        return Status(204, None)
