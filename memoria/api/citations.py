"""Citations: which source backs which record or fact. A record's own list is at
/<records>/{id}/citations; here one citation is read, created, changed or deleted."""

from django.http import HttpResponse
from ninja import Router, Status

from memoria.api.auth import PUBLIC, token_auth
from memoria.api.crud import (
    CHANGE_ERRORS, CREATE_ERRORS, DELETE_ERRORS, IF_MATCH, READ_ERRORS, as_recorded, with_etag,
)
from memoria.api.inputs import CitationIn, patch_of
from memoria.api.schemas import CitationOut
from memoria.api.selectors import citation_for
from memoria.core import services
from memoria.sources.models import Citation
from memoria.sources.services import citation_create, citation_update

router = Router(tags=["citations"])


@router.get("/{pk}", response={200: CitationOut, **READ_ERRORS}, **PUBLIC,
            operation_id="citations_get", summary="Get one")
def get_citation(request, pk: int, response: HttpResponse):
    return with_etag(response, citation_for(pk, request.auth))


@router.post("", response={201: CitationOut, **CREATE_ERRORS}, auth=token_auth,
             operation_id="citations_create", summary="Cite a source for a record or one of its facts")
def create_citation(request, body: CitationIn, response: HttpResponse):
    citation = as_recorded(citation_create, body.model_dump(), request.auth)
    response["Location"] = request.build_absolute_uri(f"{request.path.rstrip('/')}/{citation.pk}")
    return Status(201, with_etag(response, citation))


@router.put("/{pk}", response={200: CitationOut, **CHANGE_ERRORS}, auth=token_auth,
            operation_id="citations_replace", summary="Replace")
def replace_citation(request, pk: int, body: CitationIn, response: HttpResponse, if_match: str = IF_MATCH):
    return with_etag(response, as_recorded(citation_update, pk, body.model_dump(), request.auth, if_match))


@router.patch("/{pk}", response={200: CitationOut, **CHANGE_ERRORS}, auth=token_auth,
              operation_id="citations_update", summary="Change the given fields")
def update_citation(request, pk: int, body: patch_of(CitationIn), response: HttpResponse,
                    if_match: str = IF_MATCH):
    data = body.model_dump(exclude_unset=True)
    return with_etag(response, as_recorded(citation_update, pk, data, request.auth, if_match))


@router.delete("/{pk}", response={204: None, **DELETE_ERRORS}, auth=token_auth,
               operation_id="citations_delete", summary="Delete")
def delete_citation(request, pk: int, if_match: str = IF_MATCH):
    services.delete(Citation, pk, request.auth, if_match)
    return Status(204, None)
