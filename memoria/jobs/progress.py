"""How far a running job is, visible to the back office while the job's transaction is open.

On SQLite the job's transaction holds the database's only write lock, so a second connection
could not write the progress to the job's row until the job ends; it goes to the "jobs" cache
alias instead (Redis with MEMORIA_CACHE_URL, else files in the data directory: shared by the
server and the worker of one host), and onto the row when the job ends.
"""

from __future__ import annotations

from django.core.cache import caches

KEEP_SECONDS = 7 * 24 * 3600


def _key(job_id: int) -> str:
    return f"job-progress-{job_id}"


class Progress:
    """The callback a job function gets: progress(done, total=None, message="")."""

    def __init__(self, job):
        self.job = job
        self.done, self.total, self.message = 0, None, ""

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        self.done = done
        if total is not None:
            self.total = total
        if message:
            self.message = message[:200]
        caches["jobs"].set(_key(self.job.pk), (self.done, self.total, self.message), KEEP_SECONDS)

    def advance(self, n: int = 1) -> None:
        """Count n more units done (for callers that report increments, like tqdm's update)."""
        self(self.done + n)

    def onto(self, job) -> None:
        job.progress_done, job.progress_total, job.progress_message = self.done, self.total, self.message


def current(job) -> tuple[int, int | None, str]:
    """(done, total, message) of a job: the cache's while it runs, the row's once it ended."""
    if job.status == job.Status.RUNNING:
        cached = caches["jobs"].get(_key(job.pk))
        if cached:
            return tuple(cached)
    return job.progress_done, job.progress_total, job.progress_message


def forget(job_id: int) -> None:
    caches["jobs"].delete(_key(job_id))
