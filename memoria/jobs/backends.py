"""Where a job runs: in the process that asked (no broker), or in a `memoria worker` (Celery).

In-process is the embedded default and today's behaviour: the work is done before the request
that asked for it answers, inside that request's transaction when it has one (an upload's tiles
are ready with the upload). A failed attempt is tried again at once, since someone is waiting.

With MEMORIA_JOBS_BROKER_URL the job's id is sent to the broker once the transaction that
recorded the job commits (a worker must find the row), and a worker runs it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from memoria.jobs import runner


def uses_broker() -> bool:
    return bool(settings.MEMORIA_JOBS_BROKER_URL)


def dispatch(job_id: int) -> None:
    if uses_broker():
        transaction.on_commit(lambda: send(job_id))
    else:
        run_here(job_id)


def run_here(job_id: int) -> None:
    while runner.run(job_id) is not None:
        continue


def send(job_id: int, countdown: float | None = None) -> None:
    from memoria.jobs.celery_app import run_job_task  # Celery is imported only when a broker is used

    run_job_task().apply_async((job_id,), countdown=countdown)
