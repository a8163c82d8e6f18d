"""Media files of items and people.

    GET    /items/{id}/media, /people/{id}/media   the record's files (visitors: published records only)
    POST   /items/{id}/media, /people/{id}/media   upload (multipart: `file` + optional fields)
    GET    /media/{id}                             one file, with its ETag
    PATCH  /media/{id}                             captions, alt text, credit, download, position
    DELETE /media/{id}                             both with If-Match

Each file gives the URLs of its display and thumbnail images, and `original_url`:
what archive.media_access.download_for offers, the rule the file view applies —
for visitors the public copy (no GPS, serial numbers, names) where its rights
allow, for back-office users the master.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import File, Form, Router, Status, UploadedFile

from memoria.api.auth import PUBLIC, token_auth
from memoria.api.crud import (
    CHANGE_ERRORS, DELETE_ERRORS, IF_MATCH, READ_ERRORS, as_recorded, errors, with_etag,
)
from memoria.api.inputs import MediaIn, MediaUploadForm, patch_of
from memoria.api.schemas import LANGS, MediaOut
from memoria.api.selectors import media_for, media_of
from memoria.archive.models import Media
from memoria.archive.services import media_upload
from memoria.core import services

router = Router(tags=["media"])
#: An upload names its record in the path (404) and carries no reference or unique value (no 409).
UPLOAD_ERRORS = errors(400, 401, 403, 404, 422)


#: The document says what _refuse_unknown_fields does (django-ninja would silently ignore them), and
#: that the file may not be empty (Django's multipart parser drops an empty file: "file" missing).
ONLY_KNOWN_FIELDS = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "additionalProperties": False, "properties": {"file": {"minLength": 1}}}}}}}


def _refuse_unknown_fields(request) -> None:
    """A misspelt field (alt_text_EN) must not be dropped silently, as in the JSON bodies."""
    unknown = (set(request.POST) | set(request.FILES)) - {"file", *MediaUploadForm.model_fields}
    if unknown:
        raise ValidationError({name: "This upload has no such field." for name in sorted(unknown)})


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

    @owner_router.post("/{pk}/media", response={201: MediaOut, **UPLOAD_ERRORS}, auth=token_auth,
                       operation_id=f"{name}_media_upload", openapi_extra=ONLY_KNOWN_FIELDS,
                       summary="Upload an image (JPEG, PNG, WebP, TIFF, GIF) or a PDF")
    def upload(request, pk: int, response: HttpResponse, file: File[UploadedFile],
               details: Form[MediaUploadForm]):
        _refuse_unknown_fields(request)
        media = as_recorded(media_upload, model, pk, file, _form_values(details), request.auth)
        response["Location"] = request.build_absolute_uri(f"/api/media/{media.pk}")
        return Status(201, with_etag(response, media))


@router.get("/{pk}", response={200: MediaOut, **READ_ERRORS}, **PUBLIC,
            operation_id="media_get", summary="Get one")
def get_media(request, pk: int, response: HttpResponse):
    return with_etag(response, media_for(pk, request.auth))


@router.patch("/{pk}", response={200: MediaOut, **CHANGE_ERRORS}, auth=token_auth,
              operation_id="media_update", summary="Change captions, alt text, credit, download, position")
def update_media(request, pk: int, body: patch_of(MediaIn), response: HttpResponse, if_match: str = IF_MATCH):
    data = body.model_dump(exclude_unset=True)
    media = as_recorded(services.update, Media, pk, data, request.auth, if_match)
    return with_etag(response, media)


@router.delete("/{pk}", response={204: None, **DELETE_ERRORS}, auth=token_auth,
               operation_id="media_delete", summary="Delete")
def delete_media(request, pk: int, if_match: str = IF_MATCH):
    services.delete(Media, pk, request.auth, if_match)
    return Status(204, None)
