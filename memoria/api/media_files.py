"""Media files of items and people.

    GET    /items/{id}/media, /people/{id}/media   the record's files (visitors: published records only)
    POST   /items/{id}/media, /people/{id}/media   upload (multipart: `file` + optional fields)
    GET    /media/{id}                             one file, with its ETag
    PATCH  /media/{id}                             captions, alt text, credit, download, position
    DELETE /media/{id}                             both with If-Match

Each file gives the URLs of its display and thumbnail images, and of the
original where its rights allow (or for back-office users).
"""

from django.http import HttpResponse
from ninja import File, Form, Router, Status, UploadedFile

from memoria.api.auth import PUBLIC, token_auth
from memoria.api.crud import IF_MATCH, READ_ERRORS, WRITE_ERRORS, with_etag
from memoria.api.schemas import LANGS, MediaIn, MediaOut, MediaUploadForm
from memoria.api.selectors import media_for, media_of
from memoria.archive.models import Media
from memoria.archive.services import media_upload
from memoria.core import services

router = Router(tags=["media"])


def _form_values(form) -> dict:
    """Flat multipart fields (alt_text_en…) → the language maps the rest of the API uses."""
    values = form.model_dump()
    data = {name: {code: values.pop(f"{name}_{code}") for code in LANGS} for name in ("alt_text", "caption")}
    return {**data, **values}


def add_owner_routes(owner_router: Router, model, name: str) -> None:
    """GET and POST /<records>/{id}/media on the record type's own router."""

    @owner_router.get("/{pk}/media", response={200: list[MediaOut], **READ_ERRORS}, **PUBLIC,
                      operation_id=f"{name}_media", summary="Its media files")
    def list_media(request, pk: int):
        return media_of(model, pk, request.auth)

    @owner_router.post("/{pk}/media", response={201: MediaOut, **WRITE_ERRORS}, auth=token_auth,
                       operation_id=f"{name}_media_upload",
                       summary="Upload an image (JPEG, PNG, WebP, TIFF, GIF) or a PDF")
    def upload(request, pk: int, response: HttpResponse, file: File[UploadedFile],
               details: Form[MediaUploadForm]):
        media = media_upload(model, pk, file, _form_values(details), request.auth)
        response["Location"] = request.build_absolute_uri(f"/api/media/{media.pk}")
        return Status(201, with_etag(response, media))


@router.get("/{pk}", response={200: MediaOut, **READ_ERRORS}, **PUBLIC,
            operation_id="media_get", summary="Get one")
def get_media(request, pk: int, response: HttpResponse):
    return with_etag(response, media_for(pk, request.auth))


@router.patch("/{pk}", response={200: MediaOut, **WRITE_ERRORS}, auth=token_auth,
              operation_id="media_update", summary="Change captions, alt text, credit, download, position")
def update_media(request, pk: int, body: MediaIn, response: HttpResponse, if_match: str | None = IF_MATCH):
    media = services.update(Media, pk, body.model_dump(exclude_unset=True), request.auth, if_match)
    return with_etag(response, media)


@router.delete("/{pk}", response={204: None, **WRITE_ERRORS}, auth=token_auth,
               operation_id="media_delete", summary="Delete")
def delete_media(request, pk: int, if_match: str | None = IF_MATCH):
    services.delete(Media, pk, request.auth, if_match)
    return Status(204, None)
