"""One attempt at a job, the same under both backends.

The attempt is counted and the job marked running (committed at once, so the back office sees
it); then the job function and the job's success are one transaction: if the function fails,
or the process dies (a worker killed, a machine lost), the database rolls all of it back and
nothing is half-written (a kind registered with atomic=False relies on its domain action's own
all-or-nothing steps instead). A failure is retried after a backoff until the kind's attempts run
out, then the job is marked failed with its traceback and reported (the log and the archive's
administrators' mailbox), never dropped. A job found "running" when its message comes again
was cut off with its worker: it runs again from scratch.
"""

from __future__ import annotations

import logging
import traceback
from contextlib import nullcontext

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.utils import timezone

from memoria.jobs import progress as job_progress
from memoria.jobs.models import Job
from memoria.jobs.registry import kind_of

log = logging.getLogger(__name__)


def retry_delay(attempts: int) -> float:
    """Seconds before the next attempt: MEMORIA_JOBS_RETRY_SECONDS, doubled after each failure."""
    return settings.MEMORIA_JOBS_RETRY_SECONDS * 2 ** max(attempts - 1, 0)


def run(job_id: int) -> float | None:
    """Make one attempt at the job; return the seconds to wait before retrying it, or None when
    there is nothing more to do (it succeeded, failed for good, or was already finished)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return None  # a duplicate delivery, or a job deleted meanwhile
    kind = kind_of(job.kind)
    if kind is None:
        fail(job, f"No job kind “{job.kind}” is registered in this process.")
        return None
    if job.status == Job.Status.RUNNING and job.attempts >= job.max_attempts:
        fail(job, f"The process running attempt {job.attempts} of {job.max_attempts} stopped before "
                  "the job ended (killed or lost); nothing of it was kept.")
        return None
    job.status, job.attempts, job.started_at = Job.Status.RUNNING, job.attempts + 1, timezone.now()
    job.save(update_fields=["status", "attempts", "started_at"])
    progress = job_progress.Progress(job)
    try:
        with transaction.atomic() if kind.atomic else nullcontext():
            result = kind.function(job, progress) or {}
            job.status, job.result, job.error, job.finished_at = Job.Status.SUCCEEDED, result, "", timezone.now()
            progress.onto(job)
            job.save()
    except Exception:
        job.refresh_from_db()
        job.error = traceback.format_exc()
        if job.attempts < job.max_attempts:
            delay = retry_delay(job.attempts)
            log.warning("job %s (%s) failed on attempt %s of %s; retrying in %.0f s:\n%s", job.pk, job.kind,
                        job.attempts, job.max_attempts, delay, job.error)
            job.status = Job.Status.QUEUED
            progress.onto(job)
            job.save(update_fields=["status", "error", "progress_done", "progress_total", "progress_message"])
            return delay
        progress.onto(job)
        fail(job, job.error)
        return None
    finally:
        job_progress.forget(job.pk)
    return None


def fail(job: Job, error: str) -> None:
    """Mark the job failed for good and tell the people who look after the archive."""
    job.status, job.error, job.finished_at = Job.Status.FAILED, error, timezone.now()
    job.save()
    subject = f"job {job.pk} ({job.kind}) failed after {job.attempts} attempt(s)"
    log.error("%s:\n%s", subject, error)
    mail_admins(subject, f"{error}\n\nParameters: {job.params}", fail_silently=True)
