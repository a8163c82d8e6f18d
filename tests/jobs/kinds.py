"""Job kinds of the tests only, registered in the test process by importing this module and in a
worker by `memoria worker --load tests.jobs.kinds`. Their records are SYNTHETIC."""

import time
from pathlib import Path

from memoria import jobs
from memoria.sources.models import Source

WRITE_THEN_WAIT = "test-write-then-wait"
ALWAYS_FAIL = "test-always-fail"
SOURCES = 5


@jobs.register(WRITE_THEN_WAIT, max_attempts=3)
def write_then_wait(job, progress):
    """Write SOURCES sources, say so in the `started` file, then wait for the `gate` file: a worker
    killed meanwhile has written them inside the job's open transaction."""
    for n in range(SOURCES):
        Source.objects.create(title=f"Synthetic job source {n + 1}", kind="other")
        progress(n + 1, SOURCES, "sources written")
    Path(job.params["started"]).write_text(str(job.attempts))
    gate = Path(job.params["gate"])
    deadline = time.monotonic() + 120
    while not gate.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never opened the gate")
        time.sleep(0.1)
    return {"summary": f"{SOURCES} synthetic sources written"}


@jobs.register(ALWAYS_FAIL, max_attempts=3)
def always_fail(job, progress):
    Source.objects.create(title="Synthetic source of a failing job", kind="other")
    raise RuntimeError("a synthetic failure, as the tests ask")
