"""The Celery application of the broker backend: one task, run_job(job_id).

Delivery is "at least once": a worker acknowledges a message only after the job's attempt
ended (task_acks_late), a message whose worker process died is given back to the broker
(task_reject_on_worker_lost), and a worker takes one message at a time (prefetch 1), so a
worker that dies holds back no other job. RabbitMQ gives an unacknowledged message to another
worker as soon as the dead worker's connection drops; Redis only after its visibility timeout
(MEMORIA_JOBS_VISIBILITY_TIMEOUT). The runner makes a second delivery harmless: a finished job
is skipped, a job cut off mid-way (its transaction rolled back) runs again from scratch.
Results are not kept by Celery: the Job row is the record.
"""

from __future__ import annotations

from functools import lru_cache

from celery import Celery
from django.conf import settings

TASK_NAME = "memoria.run_job"
PERIODIC_TASK_NAME = "memoria.enqueue_periodic_job"


def run_job(task, job_id: int) -> None:
    from memoria.jobs import backends, runner

    delay = runner.run(job_id)
    if delay is not None:
        backends.send(job_id, countdown=delay)


def enqueue_periodic_job(kind: str) -> None:
    from memoria.jobs.services import enqueue

    enqueue(kind, {})


@lru_cache(maxsize=None)
def celery_app(broker_url: str, queue: str) -> Celery:
    app = Celery("memoria", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        # Redis redelivers an unacknowledged message only after this many seconds: it must be
        # longer than the longest job, or a slow job would be run twice at once.
        broker_transport_options={"visibility_timeout": settings.MEMORIA_JOBS_VISIBILITY_TIMEOUT},
        worker_hijack_root_logger=False,
        timezone=settings.TIME_ZONE,
        beat_schedule={
            f"periodic-{kind}": {"task": PERIODIC_TASK_NAME, "schedule": seconds, "args": (kind,)}
            for kind, seconds in settings.MEMORIA_JOBS_SCHEDULE.items()
        },
    )
    app.task(name=TASK_NAME, bind=True)(run_job)
    app.task(name=PERIODIC_TASK_NAME)(enqueue_periodic_job)
    return app


def current_app() -> Celery:
    return celery_app(settings.MEMORIA_JOBS_BROKER_URL, settings.MEMORIA_JOBS_QUEUE)


def run_job_task():
    return current_app().tasks[TASK_NAME]
