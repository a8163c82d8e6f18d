"""The kinds of job: each a function a domain package registers under a name.

A job function is called as `function(job, progress)` — `job.params` are its JSON parameters,
`job.created_by` the user who asked (or None), `progress(done, total, message)` tells the back
office how far it is — and returns a JSON-able dict, the result the job page shows (its
"summary" key in lists). It runs inside one transaction (runner.py): it must not commit on
its own, so that a failure or a killed worker leaves nothing half-written. A kind whose domain
action is already all-or-nothing in steps, and safe to run again (deleting expired files), is
registered with atomic=False and runs outside that transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class JobKind:
    name: str
    function: Callable
    max_attempts: int
    atomic: bool = True


KINDS: dict[str, JobKind] = {}


def register(kind: str, max_attempts: int = 3, atomic: bool = True):
    """Register the decorated function as the job kind `kind`, tried at most `max_attempts` times,
    in one transaction unless `atomic` is False."""
    if max_attempts < 1:
        raise ValueError("a job is tried at least once")

    def decorate(function: Callable) -> Callable:
        KINDS[kind] = JobKind(kind, function, max_attempts, atomic)
        return function

    return decorate


def kind_of(name: str) -> JobKind | None:
    return KINDS.get(name)
