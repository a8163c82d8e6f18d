"""Counting requests per client and area in fixed windows that every server worker shares.

Windows are aligned on multiples of their length (a 60-second window ends at a whole minute), so
every worker agrees when one ends without asking the others. Three stores, one behaviour:

- on an SQLite archive: a small SQLite file of its own in the data directory (ratelimit.sqlite3),
  never the archive's database. SQLite has one writer per file: a count written into the archive
  would make every visitor's search wait for a curator's save, and the save for the searches
  (measured with 32 readers: counts waited up to 0.7 s behind saves, docs/PERFORMANCE.md). A
  visitor's read request writes nothing to the archive. Shared by the workers of one host, like the
  page cache.
- on PostgreSQL: one row per client and area (table ratelimit_counter), where a row lock never waits
  for a curator's save of other tables, and every app server shares the counts.
  Both count with a single atomic statement (INSERT … ON CONFLICT DO UPDATE … RETURNING, SQLite
  ≥ 3.35 and PostgreSQL). Not Django's database cache: its incr() is a get followed by a set, so the
  concurrent requests a greedy client sends would overwrite each other's counts.
- a Django cache, CACHES["ratelimit"] (Redis when MEMORIA_CACHE_URL is set): add() then incr(),
  both atomic in Redis; a window's key expires by itself.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router

from memoria.ratelimit.models import Counter

CACHE_ALIAS = "ratelimit"


@dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str, where: str) -> Limit | None:
        """"120/60" = 120 requests per 60 seconds; "off" = no limit. `where` names the setting."""
        text = str(text).strip().lower()
        if text == "off":
            return None
        requests, _, seconds = text.partition("/")
        if not (requests.isdigit() and seconds.isdigit() and int(requests) > 0 and int(seconds) > 0):
            raise ImproperlyConfigured(
                f"{where}: expected requests/seconds such as 120/60, or off; got {text!r}")
        return cls(int(requests), int(seconds))


@dataclass(frozen=True)
class Hit:
    """A request counted: how many the client made in this window, and when the window ends."""

    count: int
    window_end: int

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.window_end - now))


def _window_end(now: float, seconds: int) -> int:
    return (int(now) // seconds + 1) * seconds


def _upsert(table: str, placeholder: str) -> str:
    # A newer window_end than the stored one means the stored window is over: start again at 1.
    return (
        f"INSERT INTO {table} (bucket, hits, window_end) VALUES ({placeholder}, 1, {placeholder}) "
        f"ON CONFLICT (bucket) DO UPDATE SET "
        f"hits = CASE WHEN {table}.window_end < excluded.window_end THEN 1 ELSE {table}.hits + 1 END, "
        f"window_end = excluded.window_end "
        f"RETURNING hits, window_end"
    )


class DatabaseStore:
    def hit(self, bucket: str, seconds: int, now: float) -> Hit:
        connection = connections[router.db_for_write(Counter)]
        sql = _upsert(connection.ops.quote_name(Counter._meta.db_table), "%s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [bucket, _window_end(now, seconds)])
            count, window_end = cursor.fetchone()
        return Hit(count, window_end)

    def purge(self, now: float) -> int:
        deleted, _ = Counter.objects.filter(window_end__lte=now).delete()
        return deleted


class FileStore:
    """The counts in their own SQLite file: one connection per thread, each statement its own
    transaction (autocommit), WAL so that counting never blocks reading. The counts are disposable
    (a lost one lets a client one request more), so the file is not synced on every count."""

    _local = threading.local()

    def __init__(self, path: Path):
        self.path = str(path)

    def _connection(self) -> sqlite3.Connection:
        connections_by_path = self._local.__dict__.setdefault("connections", {})
        connection = connections_by_path.get(self.path)
        if connection is None:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("CREATE TABLE IF NOT EXISTS counter (bucket TEXT PRIMARY KEY, "
                               "hits INTEGER NOT NULL, window_end INTEGER NOT NULL)")
            connections_by_path[self.path] = connection
        return connection

    def hit(self, bucket: str, seconds: int, now: float) -> Hit:
        row = self._connection().execute(_upsert("counter", "?"), (bucket, _window_end(now, seconds))).fetchone()
        return Hit(*row)

    def purge(self, now: float) -> int:
        return self._connection().execute("DELETE FROM counter WHERE window_end <= ?", (now,)).rowcount


class CacheStore:
    def hit(self, bucket: str, seconds: int, now: float) -> Hit:
        cache = caches[CACHE_ALIAS]
        window_end = _window_end(now, seconds)
        key = f"{bucket}:{window_end}"
        timeout = window_end - int(now) + 1
        if cache.add(key, 1, timeout):
            return Hit(1, window_end)
        try:
            return Hit(cache.incr(key), window_end)
        except ValueError:  # the key expired between add() and incr(): a new window
            cache.add(key, 1, timeout)
            return Hit(1, window_end)


def store() -> DatabaseStore | FileStore | CacheStore:
    if CACHE_ALIAS in settings.CACHES:
        return CacheStore()
    if connections[router.db_for_write(Counter)].vendor == "sqlite":
        return FileStore(settings.MEMORIA_RATE_LIMIT_FILE)
    return DatabaseStore()


def purge_ended_windows(now: float | None = None) -> int:
    """Delete the counts whose window is over (`memoria serve` does it at start); a cache's keys
    expire by themselves."""
    current = store()
    return 0 if isinstance(current, CacheStore) else current.purge(now or time.time())
