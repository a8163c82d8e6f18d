"""Size limits on what people upload, enforced before the work starts.

Two parts, for every page that receives files (the media of records, spreadsheets to import,
and later family contributions and text uploads):

- the request's size: `UploadLimitMiddleware` refuses a request whose Content-Length is over
  its page's limit before a byte of the body is read, and stops a file as soon as it passes
  the per-file limit while it is being received (a Django upload handler), so that a 190 MB
  upload never fills a temporary file or holds a worker until it is all in;
- packed files (XLSX, DOCX, ODT are ZIP archives): `check_zip` reads only the archive's
  central directory and refuses one that would unpack to too much, or that is packed more
  tightly than real documents are (a "zip bomb"), before anything is unpacked.

A page says which limit it takes with the `upload_limit` decorator; every other page takes
the media limit per file (MEMORIA_MAX_UPLOAD_MB) and MEMORIA_MAX_REQUEST_MB per request.
Every message says which limit, the figures and the file; to staff it also names the setting
that changes it (a visitor's page says `visitors=True`: a setting means nothing to them).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

MB = 1024 * 1024
# Around the file(s): multipart boundaries and the form's other fields.
FORM_ALLOWANCE = MB
# A packed part smaller than this may be packed tightly (a short, repetitive XML): no ratio check.
RATIO_MIN_BYTES = MB


class LimitExceeded(Exception):
    """Something uploaded is over a limit; the message says which, the figures and the setting."""


def megabytes(size: int) -> str:
    """50 MB as "50", 3.25 MB as "3.2", 10 kB as "0.0095": a limit reads as it was set."""
    value = size / MB
    if value.is_integer():
        return str(int(value))
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


# --- the request -------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadLimit:
    setting: str                  # the Django setting holding the per-file limit in bytes
    env: str                      # the environment variable that sets it, named in messages
    files: int = 1                # how many files the page takes at most in one request
    refuse: Callable | None = None   # (request, message) → the page's own answer; else plain text
    visitors: bool = False        # a public page: messages don't name the setting

    def setting_to_name(self) -> str | None:
        return None if self.visitors else self.env

    def per_file(self) -> int:
        return int(getattr(settings, self.setting))

    def per_request(self) -> int:
        return self.per_file() * self.files + FORM_ALLOWANCE

    def request_refusal(self, size: int) -> str:
        figures = {"size": megabytes(size), "limit": megabytes(self.per_file()), "setting": self.env}
        if self.visitors:
            return _("The upload is %(size)s MB; this page accepts a file of at most %(limit)s MB. "
                     "It was refused before it was received; nothing was stored.") % figures
        return _("The upload is %(size)s MB; this page accepts a file of at most %(limit)s MB "
                 "(setting %(setting)s). It was refused before it was received; nothing was stored.") % figures


class DefaultLimit(UploadLimit):
    """Pages that did not say: media files, several per request (a record's inline files)."""

    def per_request(self) -> int:
        return int(settings.MEMORIA_MAX_REQUEST_BYTES)

    def request_refusal(self, size: int) -> str:
        return _("The upload is %(size)s MB; a page accepts at most %(limit)s MB at once "
                 "(setting %(setting)s). It was refused before it was received; nothing was stored.") % {
            "size": megabytes(size), "limit": megabytes(self.per_request()), "setting": "MEMORIA_MAX_REQUEST_MB"}


MEDIA_LIMIT = DefaultLimit("MEMORIA_MAX_UPLOAD_BYTES", "MEMORIA_MAX_UPLOAD_MB")


def upload_limit(setting: str, env: str, *, files: int = 1, refuse: Callable | None = None,
                 visitors: bool = False):
    """Mark a view with the limit of what it receives (kept by functools.wraps-style wrappers,
    e.g. admin_view, which copy the view's attributes)."""
    def mark(view):
        view.memoria_upload_limit = UploadLimit(setting, env, files, refuse, visitors)
        return view
    return mark


def file_too_large(name: str, limit: int, env: str | None) -> str:
    """`env` None: said to a visitor, without the setting's name."""
    figures = {"name": name, "limit": megabytes(limit), "setting": env}
    if env is None:
        return _("“%(name)s” is larger than %(limit)s MB, the most a file may be here: "
                 "its upload was stopped at that size and nothing was stored.") % figures
    return _("“%(name)s” is larger than %(limit)s MB, the most a file may be here (setting %(setting)s): "
             "its upload was stopped at that size and nothing was stored.") % figures


class FileSizeLimitHandler(FileUploadHandler):
    """Counts each file's bytes as they arrive and stops the upload once one passes the limit
    (before Django's own handlers write it to memory or a temporary file)."""

    def __init__(self, request, limit: UploadLimit):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.refusal = ""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit.per_file():
            self.refusal = file_too_large(self.file_name, self.limit.per_file(), self.limit.setting_to_name())
            # connection_reset: the rest of the body is left unread, not drained.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None        # the next handlers store the file


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    """Before any other middleware reads the body (placed before CsrfViewMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        limit = getattr(view_func, "memoria_upload_limit", MEDIA_LIMIT)
        length = _content_length(request)
        if length > limit.per_request():
            return self.refuse(request, limit, limit.request_refusal(length))
        if request.content_type != "multipart/form-data":
            return None
        handler = FileSizeLimitHandler(request, limit)
        request.upload_handlers.insert(0, handler)
        request.POST  # noqa: B018  (parsed here, with the handler, before CSRF or the view read it)
        if handler.refusal:
            return self.refuse(request, limit, handler.refusal)
        return None

    @staticmethod
    def refuse(request, limit: UploadLimit, message: str) -> HttpResponse:
        if limit.refuse is not None:
            return limit.refuse(request, message)
        if "text/html" in request.headers.get("Accept", ""):       # a browser's form
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        # Programs (the API's clients): the API's error shape (api/api.py).
        return JsonResponse({"detail": message, "errors": [
            {"field": "file", "message": message, "code": "too_large"}]}, status=413,
            json_dumps_params={"ensure_ascii": False})


# --- packed files --------------------------------------------------------------------------


def check_zip(path, name: str, *, max_unpacked: int, unpacked_env: str, max_ratio: int,
              ratio_env: str) -> list[zipfile.ZipInfo]:
    """The archive's entries, from its central directory only; raises LimitExceeded for one that
    would unpack to more than `max_unpacked` bytes or one part packed more than `max_ratio` times
    (zipfile itself never unpacks a part past the size its directory declares)."""
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked:
        raise LimitExceeded(_(
            "%(file)s would unpack to %(size)s MB; an upload may unpack to at most %(limit)s MB "
            "(setting %(setting)s). Nothing of it was read.") % {
            "file": name, "size": megabytes(unpacked), "limit": megabytes(max_unpacked),
            "setting": unpacked_env})
    for entry in entries:
        if entry.file_size >= RATIO_MIN_BYTES and entry.file_size > max_ratio * max(entry.compress_size, 1):
            raise LimitExceeded(_(
                "%(file)s: its part “%(part)s” is packed %(ratio)s times (%(size)s MB in %(packed)s MB); "
                "real documents are packed at most %(limit)s times (setting %(setting)s). "
                "Nothing of it was read.") % {
                "file": name, "part": entry.filename, "ratio": entry.file_size // max(entry.compress_size, 1),
                "size": megabytes(entry.file_size), "packed": megabytes(entry.compress_size),
                "limit": max_ratio, "setting": ratio_env})
    return entries
