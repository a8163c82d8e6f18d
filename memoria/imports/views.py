"""The back office's Import page: upload, dry run, confirm; templates, rejects and CSV export.

The uploaded file waits in the media storage (imports/uploads.py) under a random name that
only the uploader's session knows. The confirm step sends the import of that file as a job
(imports/jobs.py) and shows the job's page, where the import's report appears once it is
done (at once without a broker); the rejects file of a partial import is kept for download
by the same session.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from memoria import jobs
from memoria.core.stored_files import save_exactly
from memoria.core.uploads import LimitExceeded, upload_limit
from memoria.imports import schema as s
from memoria.imports.export import export_csv, template_csv, template_xlsx
from memoria.imports.jobs import IMPORT, rejects_name
from memoria.imports.reading import check_size
from memoria.imports.uploads import forget_old_uploads, import_stored, stored_name
from memoria.jobs.models import Job

SESSION_KEY = "memoria_imports"
SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx"}
MODES = [("all", gettext_lazy("All or nothing: any rejected row stores nothing")),
         ("partial", gettext_lazy("Partial: store the good rows, download the rejected ones"))]


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
    report = import_stored(name, kind=kind, dry_run=True, user=request.user, display_name=upload.name)
    kinds_in_file = sorted(report.counts)
    forbidden = [k for k in kinds_in_file if not can_import(request.user, k)]
    if forbidden:
        default_storage.delete(stored_name(name))
        raise PermissionDenied
    if report.file_error:
        default_storage.delete(stored_name(name))
    else:
        _remember(request, token, {"path": name, "name": upload.name, "kind": kind or "",
                                   "kinds": kinds_in_file})
    return render(request, "admin/imports/import.html", _context(
        request, report=report, token=None if report.file_error else token,
        mode=request.POST.get("mode", "all")))


def _confirm(request):
    token = request.POST["token"]
    data = _pending(request).get(token)
    if not data:
        return _error(request, _("This upload has expired or belongs to another session: upload the file again."))
    if "job" in data or not default_storage.exists(stored_name(data["path"])):
        return _error(request, _("This upload has expired: upload the file again."))
    # The kinds the dry run found in this very file (only this session can name it).
    if any(not can_import(request.user, k) for k in data.get("kinds", [])):
        raise PermissionDenied
    job = jobs.enqueue(IMPORT, {"path": data["path"], "name": data["name"], "kind": data["kind"],
                                "partial": request.POST.get("mode") == "partial", "token": token},
                       user=request.user)
    data["job"] = job.pk
    _remember(request, token, data)
    return redirect(reverse("admin:jobs_job_change", args=[job.pk]))


def rejects_download(request, token: str, kind: str):
    """The rejected rows of this session's import, as its job wrote them."""
    data = _pending(request).get(token)
    job = Job.objects.filter(pk=data.get("job"), kind=IMPORT).first() if data else None
    offered = {r["name"]: r["charset"] for r in (job.result.get("rejects", []) if job else [])}
    name = rejects_name(token, kind)
    if name not in offered:
        raise Http404
    stem = Path(data["name"]).stem
    try:
        stored = default_storage.open(stored_name(name), "rb")
    except FileNotFoundError:
        raise Http404 from None  # removed after a day (forget_old_uploads)
    return FileResponse(stored, as_attachment=True, filename=f"{stem}.{kind}.rejects.csv",
                        content_type=f"text/csv; charset={offered[name]}")


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
