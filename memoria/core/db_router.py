"""Reads of visitors from a streaming read replica; everything else from the primary.

Turned on by settings alone: `DATABASE_REPLICA_URLS` (comma-separated) adds the connection aliases
"replica_1", "replica_2", ... beside "default" (the primary, `DATABASE_URL`), and installs
`PrimaryReplicaRouter` and `ReplicaReadsMiddleware`. Without it neither is installed and every
query goes to "default", as in the embedded archive.

Per request, the middleware decides (`serve_from_replica`) and records the choice in a context
variable; the router reads it. A request is served from a replica only when it is a visitor's read:

- GET or HEAD, outside the back office (/admin/ …);
- not signed in (a curator always sees the primary, so their own edit at once), and carrying no
  `Authorization` header (an API token: its requests read what they wrote);
- no read-your-writes cookie: any request that may have written (POST, PUT, PATCH, DELETE) and
  succeeded sets a signed cookie, `memoria_primary`, for MEMORIA_READ_YOUR_WRITES_SECONDS
  (default 15; signed with a timestamp, so the server checks its age too). For that long the
  browser reads from the primary, even after signing out or from a public page: a replica that
  is a moment behind can never show a writer the page without their edit. Streaming replication
  is usually milliseconds behind; the window covers bursts with a wide margin.

Even then the primary answers whenever the default connection is inside a transaction (an
`atomic` block, `select_for_update`): what a transaction reads must be what it may write. Every
write goes to the primary, and so do migrations. The session (and so the signed-in user) is read
before the middleware has decided, so from the primary: a login is never lost to replica lag.
Commands, workers and the test suite's ordinary tests (which run inside a transaction) use the
primary. Raw SQL that only reads asks `read_connection(model)` for its connection.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router

REPLICA_PREFIX = "replica_"  # the aliases memoria/settings.py gives DATABASE_REPLICA_URLS
READ_YOUR_WRITES_COOKIE = "memoria_primary"
_COOKIE_SALT = "memoria.core.db_router.read-your-writes"
_SAFE_METHODS = {"GET", "HEAD"}
# The back office (and the Import and QR-label pages mounted under it, memoria/urls.py).
_PRIMARY_PATHS = ("/admin/",)

# The replica alias this request reads from, or None: the primary.
_replica_for_request: ContextVar[str | None] = ContextVar("memoria_replica_for_request", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def reading_from(alias: str | None):
    """Within the block, reads outside a transaction go to `alias` (None: the primary)."""
    token = _replica_for_request.set(alias)
    try:
        yield
    finally:
        _replica_for_request.reset(token)


def read_connection(model=None):
    """The connection a read of `model` uses now (for raw SQL; the ORM asks the router itself)."""
    return connections[router.db_for_read(model)]


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replica = _replica_for_request.get()
        if replica is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return replica

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's very rows: an object read from one is the same record.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def read_your_writes_seconds() -> int:
    return settings.MEMORIA_READ_YOUR_WRITES_SECONDS


def wrote_recently(request) -> bool:
    return request.get_signed_cookie(READ_YOUR_WRITES_COOKIE, default=None, salt=_COOKIE_SALT,
                                     max_age=read_your_writes_seconds()) is not None


def serve_from_replica(request) -> bool:
    """Whether this request is a visitor's read that a replica may answer (see the module doc)."""
    if request.method not in _SAFE_METHODS or request.path_info.startswith(_PRIMARY_PATHS):
        return False
    if request.headers.get("Authorization") or wrote_recently(request):
        return False
    return not request.user.is_authenticated


class ReplicaReadsMiddleware:
    """Chooses the database of the request's reads; after a write, keeps the writer on the primary.

    After the authentication middleware (it asks whether the visitor is signed in) and after the
    rate limiter, whose counts are writes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.replicas = replica_aliases()

    def __call__(self, request):
        replica = random.choice(self.replicas) if self.replicas and serve_from_replica(request) else None
        with reading_from(replica):
            response = self.get_response(request)
        if request.method not in _SAFE_METHODS and response.status_code < 400:
            response.set_signed_cookie(
                READ_YOUR_WRITES_COOKIE, "1", salt=_COOKIE_SALT, max_age=read_your_writes_seconds(),
                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
