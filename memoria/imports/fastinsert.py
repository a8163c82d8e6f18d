"""New records of an import, with their history rows, in bulk (memoria.core.bulk).

An import of 100,000 people writes several hundred thousand rows — records,
spellings and history rows — so they are not saved one by one. History rows are
what simple_history's own bulk_history_create writes: the record's fields plus
date, type "+", user and reason. The search indexes are not written here: the
writers hand the new records to memoria.search.indexing.index_bulk.
"""

from __future__ import annotations

from django.db import connection

from memoria.core import bulk

HISTORY_META = ("history_date", "history_change_reason", "history_type", "history_user")


def insert(model, objs: list, *, now, user_id=None, reason: str = "") -> None:
    """Insert new objects (pks assigned here) and one "+" history row for each."""
    if not objs:
        return
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
    bulk.insert_objects(model, objs)

    history = getattr(model, "history", None)
    if history is None:
        return
    hmodel = history.model
    tracked = [f for f in hmodel._meta.concrete_fields
               if f.attname not in {"history_id", *HISTORY_META, "history_user_id"}]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    # The history model's copies of foreign keys are plain fields named like the key's attname.
    source = [by_attname.get(f.attname) or by_attname[f.attname.removesuffix("_id")] for f in tracked]
    stamp = connection.ops.adapt_datetimefield_value(now)
    rows = [values + (stamp, reason or None, "+", user_id) for values in bulk.values_of(objs, source)]
    bulk.insert_rows(hmodel, tracked + [hmodel._meta.get_field(n) for n in HISTORY_META], rows)
