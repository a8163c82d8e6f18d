"""The generation of the public site: what makes a cached page stale the moment data changes.

The full-page cache (memoria/public/page_cache.py) keys every page by the current generation, a
random token kept in the "pages" cache alias. Any committed write to the database replaces the
token, so no page rendered before the write is ever found again: invalidation is exact without
knowing which pages show which record.

Writes are seen at the lowest level, on the database connection (an execute wrapper), not by model
signals: QuerySet.update(), bulk inserts (memoria.core.bulk: imports, the name index, restore),
loaddata and raw SQL send no post_save, and any of them may change a public page. The token is
replaced only once the transaction commits (transaction.on_commit): a page rendered while the
transaction was open read the old data and was stored under the old token. A rolled-back
transaction replaces nothing.

A random token rather than a counter: two workers replacing it at once never produce a value a
page was already stored under, so no atomic increment is needed (a file cache has none).

With read replicas (DATABASE_REPLICA_URLS), a visitor's page is read from a standby that may not
have replayed the write that replaced the token yet: stored under the new token, its old content
would stay until the next write. So there the token also carries the primary's WAL position once
the write committed ("<token>@<lsn>"), and what a request reads from a standby is stored under it
only if that standby has replayed up to that position (`storable`): one cheap query on a miss,
none on a hit. A standby a moment behind still answers; its pages are just not kept.

Bookkeeping tables written while visitors read (sessions, login throttling, rate-limit counts),
while a curator's program reads the API (its token's last-used time) or while a job runs (its
progress) change no page, so their writes are ignored; otherwise every search, or a harvesting
script, would empty the cache.
"""

from __future__ import annotations

import os
import re
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import receiver

from memoria.core.db_router import read_connection, replica_aliases

ALIAS = "pages"
GENERATION_KEY = "memoria-page-generation"
IGNORED_TABLE_PREFIXES = ("django_session", "axes_", "ratelimit_", "api_apitoken", "jobs_")

_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?([\w.]+)'
    r"|\s*TRUNCATE\b",
    re.IGNORECASE,
)


class LazyFileCache(FileBasedCache):
    """Django's file cache, but its folder appears with the first stored entry (set() makes it),
    not whenever a process opens the cache (Django's cache checks open every cache at each
    command): commands (migrate, import, restore) leave the data directory as they found it.
    The page cache's files, and the job progress's (settings.CACHES)."""

    def __init__(self, dir, params):
        BaseCache.__init__(self, params)
        self._dir = os.path.abspath(dir)


def pages():
    return caches[ALIAS]


def seconds() -> int:
    """How long a page stays cached; 0 = the page cache is off."""
    return int(getattr(settings, "MEMORIA_PAGE_CACHE_SECONDS", 0))


# The token as the current request first read it. A page asks for it once per selector (and the
# page cache once more), and each read is a file or a Redis round trip; within one request the
# first answer serves, as it would if every read came at the request's start (a write committed
# meanwhile elsewhere only means that this request's reads are kept under a key no one asks for
# again). Forgotten when the request ends, and when this thread's own write replaces the token.
_this_request = threading.local()


@receiver(request_started)
def _request_started(**kwargs) -> None:
    _this_request.active, _this_request.token = True, None


@receiver(request_finished)
def _request_finished(**kwargs) -> None:
    _this_request.active, _this_request.token = False, None


def generation() -> str:
    """The current token; a fresh one if the cache lost it (an evicted token only orphans pages)."""
    token = getattr(_this_request, "token", None)
    if token is not None:
        return token
    cache = pages()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, _new_token(), None)
        token = cache.get(GENERATION_KEY)
    if getattr(_this_request, "active", False):
        _this_request.token = token
    return token


def _new_token() -> str:
    token = uuid.uuid4().hex
    if not settings.DATABASE_ROUTERS:
        return token
    # After the commit: the primary's position is at or past the write (see the module's doc).
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return f"{token}@{cursor.fetchone()[0]}"


def storable(token: str, any_replica: bool = False) -> bool:
    """Whether what this request reads now may be kept under the generation `token`: always,
    unless it reads from a standby that has not yet replayed the write that made the token.
    `any_replica`: whichever standby the request will read from (the page cache asks before the
    request has chosen one, memoria.core.db_router.ReplicaReadsMiddleware)."""
    if "@" not in token:
        return True
    aliases = replica_aliases() if any_replica else [read_connection().alias]
    for alias in aliases:
        if alias == DEFAULT_DB_ALIAS:
            continue
        with connections[alias].cursor() as cursor:
            # NULL (so: not storable) if that server is not a standby at all.
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [token.partition("@")[2]])
            if not cursor.fetchone()[0]:
                return False
    return True


def bump() -> None:
    """Make every cached page unreachable (they expire on their own).

    Without a token no page was ever stored under one, so there is nothing to hide: a command
    that writes (migrate, import, a refused restore) then leaves the cache, and the data
    directory, untouched. A request that creates the first token reads the database after it."""
    _this_request.token = None
    cache = pages()
    if cache.get(GENERATION_KEY) is not None:
        cache.set(GENERATION_KEY, _new_token(), None)


def _ignored_tables() -> tuple[str, ...]:
    # A DatabaseCache (if one is configured) writes its own table on every cache set.
    own = tuple(c["LOCATION"] for c in settings.CACHES.values()
                if c.get("BACKEND", "").endswith("DatabaseCache"))
    return IGNORED_TABLE_PREFIXES + own


def changes_pages(sql: str) -> bool:
    """Whether this statement writes a table that public pages may show."""
    match = _WRITE.match(sql)
    if not match:
        return False
    table = match.group(1)
    return table is None or not table.strip('"').startswith(_ignored_tables())


def _bump_once_committed(alias: str) -> None:
    connection = connections[alias]
    # One replacement per transaction, however many statements it runs.
    if connection.in_atomic_block and any(entry[1] is bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(bump, using=alias)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and changes_pages(sql):
        _bump_once_committed(context["connection"].alias)
    return result


def watch(sender, connection, **kwargs) -> None:
    """connection_created receiver: follow this connection's writes (once per connection object)."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)
