"""A page's reads kept until the next write: selector results cached under the site's generation.

The page cache (memoria/public/page_cache.py) serves whole pages to anonymous visitors only. A
signed-in curator, a kiosk, a visitor with a session and every visitor while the page cache is
off still build their page, and most of that time goes into the ORM: building querysets, compiling
SQL, turning rows into objects. The selectors wrapped here keep their result under the site's
generation (memoria.core.page_cache), which every committed write replaces, so a result is never
read after the data it came from changed: no expiry needs guessing and no write needs to know
which pages it touches.

The key holds the selector, its arguments (records by primary key), the audience (visitors or
previewers: staff see drafts) and the active language (some orders and labels depend on it).
Results are pickled by the cache (locmem per process, Redis when MEMORIA_CACHE_URL is set), so each
request gets its own copy and may annotate it (footnotes number themselves while rendering).

Unpickling a page's records costs as much as a good part of rendering them (an exhibition's
sections, entries, items and pictures: 1.7 ms of the home page's 6). So a result that knows how
to hand one request the little it may change (`for_one_request()`: a page's footnotes and its
dict of related records) is also kept as it is, in this process (`_kept_here`), and shared by the
requests that read it: each gets a copy of the changeable part, all read the same records.

Never cached:
- a read inside a transaction (a test's, or a write's): it may see writes not yet committed;
- a read from a read replica that has not yet replayed the write that made the generation
  (memoria.core.page_cache.storable): its old result would be kept under the new generation.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import threading
from collections import OrderedDict

from django.core.cache import cache
from django.db import connection, models
from django.utils.translation import get_language

from memoria.core import page_cache
from memoria.core.visibility import can_preview

#: How long a result may stay unread; the generation, not this, keeps it true.
TIMEOUT_SECONDS = 3600
#: How many results this process keeps as objects (the most recently used; a page's records
#: weigh up to about a megabyte).
KEPT_HERE = 256


class _KeptHere:
    """The shareable results of the current generation, as objects, in this process.

    Only one generation's results are kept: the first result of a newer generation empties the
    store (the older ones can never be asked for again)."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._generation = None
        self._results: OrderedDict[str, object] = OrderedDict()

    def get(self, generation: str, digest: str):
        with self._lock:
            if generation != self._generation:
                return None
            result = self._results.get(digest)
            if result is not None:
                self._results.move_to_end(digest)
            return result

    def put(self, generation: str, digest: str, result) -> None:
        with self._lock:
            if generation != self._generation:
                self._generation = generation
                self._results.clear()
            self._results[digest] = result
            self._results.move_to_end(digest)
            while len(self._results) > self.size:
                self._results.popitem(last=False)


_kept_here = _KeptHere(KEPT_HERE)


def _shareable(result) -> bool:
    return callable(getattr(result, "for_one_request", None))


def _part(value) -> str:
    if isinstance(value, models.Model):
        return f"{value._meta.label}:{value.pk}"
    if hasattr(value, "is_authenticated"):  # a user: what matters is whether they see drafts
        return "preview" if can_preview(value) else "public"
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(_part(v) for v in value) + ")"
    if value is None or isinstance(value, (str, int, bool)) or dataclasses.is_dataclass(value):
        return repr(value)
    raise TypeError(f"read_cache cannot key an argument of type {type(value).__name__}")


def enabled() -> bool:
    return not connection.in_atomic_block


def remembered(parts: list[str], compute):
    """compute()'s result, kept under `parts` (strings naming what it depends on) until the next
    committed write; computed afresh whenever the cache is off (see the module's docstring)."""
    if not enabled():
        return compute()
    # The generation is read before the data: a write committed meanwhile replaces it, and
    # what was read before that write is stored under a key no one asks for again.
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    generation = page_cache.generation()
    kept = _kept_here.get(generation, digest)
    if kept is not None:
        return kept.for_one_request()
    key = f"read:{generation}:{digest}"
    found = cache.get(key)
    if found is not None:
        return _handed_out(generation, digest, found[0])
    if not page_cache.storable(generation):
        return compute()
    result = compute()
    cache.set(key, (result,), TIMEOUT_SECONDS)  # in a tuple: a cached None is a result too
    return _handed_out(generation, digest, result)


def _handed_out(generation: str, digest: str, result):
    """`result` for this request; a shareable one is kept here first, and this request gets its
    own copy of what it may change."""
    if not _shareable(result):
        return result
    _kept_here.put(generation, digest, result)
    return result.for_one_request()


def per_generation(selector):
    """Cache `selector`'s result until the next committed write (see the module's docstring)."""
    name = f"{selector.__module__}.{selector.__qualname__}"

    @functools.wraps(selector)
    def cached(*args, **kwargs):
        if not enabled():
            return selector(*args, **kwargs)
        parts = [name, get_language() or "", *map(_part, args),
                 *(f"{k}={_part(v)}" for k, v in sorted(kwargs.items()))]
        return remembered(parts, lambda: selector(*args, **kwargs))

    return cached
