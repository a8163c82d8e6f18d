"""A parsed row of an import table, and the small helpers the engine and the writers share."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from memoria.imports.report import UNCHANGED

#: Rows per database look-up (external ids, existing spellings…).
CHUNK = 2000
#: Rows per bulk update.
BATCH = 1000
#: Rows read, checked and written at a time: what an import holds in memory.
STREAM_BATCH = 5000


@dataclass
class Row:
    number: int
    cells: list[str]
    external_id: str = ""
    values: dict = field(default_factory=dict)        # model field → value
    refs: dict = field(default_factory=dict)          # column → external id (or list of them)
    extra: dict = field(default_factory=dict)         # columns the writers handle themselves
    errors: list[tuple[str, str]] = field(default_factory=list)   # (header, reason)
    status: str = UNCHANGED
    obj: object = None


def chunks(seq, size=CHUNK):
    seq = list(seq)
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


def batches(iterable, size):
    """Lists of `size` items from a stream, without reading it all first."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def same(old, new) -> bool:
    """A stored value equals a cell's (an empty cell equals an empty or NULL text)."""
    if isinstance(new, str) or new is None and isinstance(old, str):
        return (old or "") == (new or "")
    return old == new
