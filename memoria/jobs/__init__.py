"""Heavy work as jobs: one interface, two backends (docs/SCALING.md, "Job queue").

Domain packages register their job functions (`@register("iiif-tiles")` in their jobs.py, imported
from their AppConfig.ready) and ask for work with `enqueue(kind, params, user)`. Without
MEMORIA_JOBS_BROKER_URL a job runs in the process that asked (the embedded default); with it, a
`memoria worker` takes it from the broker (Celery). Either way the Job row is the record of it.
"""

from memoria.jobs.registry import register


def enqueue(kind: str, params: dict | None = None, user=None):
    """Record a job and start it (services.enqueue; imported late: models need the app registry)."""
    from memoria.jobs.services import enqueue as record_and_dispatch

    return record_and_dispatch(kind, params, user=user)


__all__ = ["enqueue", "register"]
