"""The back office's Import page: upload, dry run, confirm; templates, rejects and CSV export.

The uploaded file waits in the folder imports/ of the media storage (the data
directory, or the S3 bucket that every app server shares: a dry run on one server
and its confirmation on another find the same file) under a random name that only
the uploader's session knows (the public /media/ view serves no file there: it
serves only files of visible records). The confirm step imports that file; the
file is removed afterwards, the rejects file of a partial import is kept for
download by the same session.
"""

from __future__ import annotations

import io
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from memoria.core.stored_files import local_path, save_exactly, stored_files
from memoria.core.uploads import LimitExceeded, upload_limit
from memoria.imports import schema as s
from memoria.imports.engine import import_file
from memoria.imports.export import export_csv, template_csv, template_xlsx
from memoria.imports.reading import check_size
from memoria.imports.rejects import charset, write_rejects_file

SESSION_KEY = "memoria_imports"
KEEP_SECONDS = 24 * 3600
SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx"}
MODES = [("all", gettext_lazy("All or nothing: any rejected row stores nothing")),
         ("partial", gettext_lazy("Partial: store the good rows, download the rejected ones"))]


UPLOADS = "imports"


def stored_name(name: str) -> str:
    """The storage name of a waiting upload or rejects file."""
    return f"{UPLOADS}/{name}"


def forget_old_uploads(max_age: float = KEEP_SECONDS) -> None:
    """Dry runs never confirmed and rejects never fetched leave files: remove them after a day."""
    limit = timezone.now() - timedelta(seconds=max_age)
    for stored in list(stored_files(default_storage, UPLOADS)):
        if stored.modified < limit:
            default_storage.delete(stored.name)  # (no error if another request removed it first)


def _import_stored(name: str, **options):
    """import_file() on a waiting upload, from a local copy when the storage is a bucket."""
    with local_path(default_storage, stored_name(name)) as path:
        return import_file(path, **options)


def _store_rejects(name: str, rejected) -> None:
    with tempfile.TemporaryDirectory(prefix="memoria-rejects-") as work:
        local = Path(work, name)
        write_rejects_file(local, rejected)
        with local.open("rb") as content:
            save_exactly(default_storage, stored_name(name), File(content))


def can_import(user, kind: str) -> bool:
    return all(user.has_perm(f"{m._meta.app_label}.add_{m._meta.model_name}")
               and user.has_perm(f"{m._meta.app_label}.change_{m._meta.model_name}") for m in s.models_of(kind))


def can_view(user, kind: str) -> bool:
    return all(user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}") for m in s.models_of(kind))


def importable_kinds(user) -> list[str]:
    return [kind for kind in s.KINDS if can_import(user, kind)]


def _context(request, **extra):
    kinds = importable_kinds(request.user)
    return {
        **admin.site.each_context(request),
        "title": _("Import records from a spreadsheet"),
        "kinds": kinds,
        "exportable": [k for k in s.KINDS if can_view(request.user, k)],
        "modes": MODES,
        "max_mb": settings.MEMORIA_IMPORT_MAX_BYTES // (1024 * 1024),
        **extra,
    }


def _pending(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _remember(request, token: str, data: dict) -> None:
    pending = _pending(request)
    pending[token] = data
    request.session[SESSION_KEY] = pending


def _refuse_upload(request, message: str):
    """The upload limit's answer (memoria.core.uploads), before the body is received: the page
    with the message for a curator, the message alone for anyone else."""
    if getattr(request.user, "is_staff", False) and importable_kinds(request.user):
        return _error(request, message, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


@upload_limit("MEMORIA_IMPORT_MAX_BYTES", "MEMORIA_IMPORT_MAX_MB", refuse=_refuse_upload)
def import_page(request):
    if not importable_kinds(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "admin/imports/import.html", _context(request))
    if request.POST.get("token"):
        return _confirm(request)
    return _dry_run(request)


def _error(request, message: str, status: int = 400):
    return render(request, "admin/imports/import.html", _context(request, error=message), status=status)


def _dry_run(request):
    upload = request.FILES.get("file")
    if upload is None:
        return _error(request, _("Choose a CSV or XLSX file to import."))
    try:
        check_size(upload.size, upload.name)
    except LimitExceeded as exc:
        return _error(request, str(exc), status=413)
    suffix = Path(upload.name).suffix.lower()
    if suffix not in SUFFIXES:
        return _error(request, _("“%(name)s” is not a CSV or XLSX file.") % {"name": upload.name})
    kind = request.POST.get("kind") or None
    if kind is not None and kind not in s.KINDS:
        return _error(request, _("Unknown kind of records."))
    forget_old_uploads()
    token = secrets.token_hex(16)
    name = f"{token}{suffix}"
    save_exactly(default_storage, stored_name(name), upload)
    report = _import_stored(name, kind=kind, dry_run=True, user=request.user, display_name=upload.name)
    kinds_in_file = sorted(report.counts)
    forbidden = [k for k in kinds_in_file if not can_import(request.user, k)]
    if forbidden:
        default_storage.delete(stored_name(name))
        raise PermissionDenied
    if report.file_error:
        default_storage.delete(stored_name(name))
    else:
        _remember(request, token, {"path": name, "name": upload.name, "kind": kind or ""})
    return render(request, "admin/imports/import.html", _context(
        request, report=report, token=None if report.file_error else token,
        mode=request.POST.get("mode", "all")))


def _confirm(request):
    token = request.POST["token"]
    data = _pending(request).get(token)
    if not data:
        return _error(request, _("This upload has expired or belongs to another session: upload the file again."))
    if not default_storage.exists(stored_name(data["path"])):
        return _error(request, _("This upload has expired: upload the file again."))
    partial = request.POST.get("mode") == "partial"
    report = _import_stored(data["path"], kind=data["kind"] or None, partial=partial, user=request.user,
                            display_name=data["name"])
    if any(not can_import(request.user, k) for k in report.counts):
        raise PermissionDenied
    default_storage.delete(stored_name(data["path"]))
    rejects = []
    if report.rejected_rows and report.stored:
        for kind, rejected in report.rejected_rows.items():
            name = f"{token}.{kind}.rejects.csv"
            _store_rejects(name, rejected)
            rejects.append((kind, name))
            data.setdefault("charsets", {})[name] = charset(rejected.encoding)
        data["rejects"] = [name for _k, name in rejects]
        _remember(request, token, data)
    else:
        pending = _pending(request)
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
    return render(request, "admin/imports/import.html", _context(
        request, report=report, done=True, rejects=rejects, token=token))


def rejects_download(request, token: str, kind: str):
    data = _pending(request).get(token)
    name = f"{token}.{kind}.rejects.csv"
    if not data or name not in data.get("rejects", []):
        raise Http404
    stem = Path(data["name"]).stem
    try:
        stored = default_storage.open(stored_name(name), "rb")
    except FileNotFoundError:
        raise Http404 from None  # removed after a day (forget_old_uploads)
    return FileResponse(stored, as_attachment=True,
                        filename=f"{stem}.{kind}.rejects.csv",
                        content_type=f"text/csv; charset={data.get('charsets', {}).get(name, 'utf-8')}")


def template_download(request, kind: str, fmt: str):
    if kind not in s.KINDS or fmt not in ("csv", "xlsx") or not can_import(request.user, kind):
        raise Http404
    if fmt == "csv":
        return HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{kind}-template.csv"'})
    return HttpResponse(template_xlsx(kind),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{kind}-template.xlsx"'})


def export_download(request, kind: str):
    if kind not in s.KINDS or not can_view(request.user, kind):
        raise Http404
    out = io.StringIO()
    out.write("\ufeff")      # Excel reads UTF-8 only with a BOM
    export_csv(kind, out)
    return HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'})
