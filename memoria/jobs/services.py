"""The actions on jobs: ask for one, and retry one that failed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from memoria.jobs import backends
from memoria.jobs.models import Job
from memoria.jobs.registry import kind_of


def enqueue(kind: str, params: dict | None = None, *, user=None) -> Job:
    """Record a job of a registered kind and start it (backends.dispatch). In-process, it has run
    when this returns; with a broker, it is sent once the caller's transaction commits."""
    registered = kind_of(kind)
    if registered is None:
        raise ValueError(f"no job kind “{kind}” is registered")
    job = Job.objects.create(kind=kind, params=params or {}, max_attempts=registered.max_attempts,
                             created_by=user if getattr(user, "pk", None) else None)
    backends.dispatch(job.pk)
    job.refresh_from_db()
    return job


def retry(job: Job, user) -> Job:
    """Run a failed job again, with a fresh count of attempts."""
    if not user.has_perm("jobs.change_job"):
        raise PermissionDenied
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != Job.Status.FAILED:
            raise ValidationError(_("Only a failed job can be retried."))
        job.status, job.attempts, job.error, job.result = Job.Status.QUEUED, 0, "", {}
        job.started_at = job.finished_at = None
        job.progress_done, job.progress_total, job.progress_message = 0, None, ""
        job.save()
    backends.dispatch(job.pk)
    job.refresh_from_db()
    return job
