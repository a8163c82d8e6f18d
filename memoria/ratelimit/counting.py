"""Counting requests per client and area in fixed windows that every server worker shares.

Windows are aligned on multiples of their length (a 60-second window ends at a whole minute), so
every worker agrees when one ends without asking the others. Two stores, one behaviour:

- the database (default): one row per client and area, counted by a single atomic statement
  (INSERT … ON CONFLICT DO UPDATE … RETURNING, SQLite ≥ 3.35 and PostgreSQL). Not Django's
  database cache: its incr() is a get followed by a set, so the concurrent requests a greedy
  client sends would overwrite each other's counts, and each count would cost five queries.
- a Django cache, CACHES["ratelimit"] (Redis when MEMORIA_CACHE_URL is set): add() then incr(),
  both atomic in Redis; a window's key expires by itself.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

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


class DatabaseStore:
    def hit(self, bucket: str, seconds: int, now: float) -> Hit:
        connection = connections[router.db_for_write(Counter)]
        table = connection.ops.quote_name(Counter._meta.db_table)
        # A newer window_end than the stored one means the stored window is over: start again at 1.
        sql = (
            f"INSERT INTO {table} (bucket, hits, window_end) VALUES (%s, 1, %s) "
            f"ON CONFLICT (bucket) DO UPDATE SET "
            f"hits = CASE WHEN {table}.window_end < excluded.window_end THEN 1 ELSE {table}.hits + 1 END, "
            f"window_end = excluded.window_end "
            f"RETURNING hits, window_end"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [bucket, _window_end(now, seconds)])
            count, window_end = cursor.fetchone()
        return Hit(count, window_end)


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


def store() -> DatabaseStore | CacheStore:
    return CacheStore() if CACHE_ALIAS in settings.CACHES else DatabaseStore()


def purge_ended_windows(now: float | None = None) -> int:
    """Delete the database store's rows whose window is over (`memoria serve` does it at start)."""
    deleted, _ = Counter.objects.filter(window_end__lte=now or time.time()).delete()
    return deleted
