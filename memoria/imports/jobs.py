"""The confirmed import of a waiting upload, run as a job (memoria.jobs): in the server by
default, in a worker with a broker. The back office's job page shows the import's report."""

from __future__ import annotations

from django.core.files.storage import default_storage

from memoria import jobs

IMPORT = "import"


class _Rows:
    """The progress bar import_file() asks for (tqdm's update/close), fed to the job's progress."""

    def __init__(self, progress, total):
        self.progress = progress
        progress(0, total, "rows")

    def update(self, n: int) -> None:
        self.progress.advance(n)

    def close(self) -> None:
        pass


def rejects_name(token: str, kind: str) -> str:
    return f"{token}.{kind}.rejects.csv"


@jobs.register(IMPORT)
def import_upload(job, progress):
    """Params: path (the waiting upload's name), name (as uploaded), kind, partial, token.

    The import is all-or-nothing inside the job's transaction: a worker killed mid-way stores
    no row. The upload is removed as the job's last step, so a retry still finds it."""
    # Imported here: the engine and its readers are heavy, and only a running import needs them.
    from memoria.imports.rejects import charset
    from memoria.imports.uploads import import_stored, store_rejects, stored_name

    params = job.params
    if not default_storage.exists(stored_name(params["path"])):
        raise FileNotFoundError(f"the upload “{params['name']}” is no longer waiting (uploads are kept a day): "
                                "upload it again")
    report = import_stored(params["path"], kind=params["kind"] or None, partial=params["partial"],
                           user=job.created_by, display_name=params["name"],
                           progress=lambda total: _Rows(progress, total))
    rejects = []
    if report.rejected_rows and report.stored:
        for kind, rejected in report.rejected_rows.items():
            name = rejects_name(params["token"], kind)
            store_rejects(name, rejected)
            rejects.append({"kind": kind, "name": name, "charset": charset(rejected.encoding)})
    default_storage.delete(stored_name(params["path"]))
    return {"summary": report.summary(), "report": report.as_json(), "rejects": rejects}
