"""The citation a row may carry (source, locator, quote): records and relations alike."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from simple_history.utils import bulk_update_with_history

from memoria.imports.report import UNCHANGED, UPDATED
from memoria.imports.rows import BATCH, Row, chunks
from memoria.sources.models import Citation


def sync_citations(importer, model, rows: list[Row]) -> None:
    """The source named on each row cites its record; found again by source (and quote)."""
    rows = [r for r in rows if r.extra.get("source") and r.obj is not None]
    if not rows:
        return
    ct = ContentType.objects.get_for_model(model)
    existing: dict[tuple[int, int], list[Citation]] = defaultdict(list)
    for part in chunks([r.obj.pk for r in rows]):
        for c in Citation.objects.filter(content_type=ct, object_id__in=part, field=""):
            existing[(c.object_id, c.source_id)].append(c)
    creates, updates = [], []
    for row in rows:
        source_id = row.extra["source"]
        locator, quote = row.extra.get("locator"), row.extra.get("quote")
        found = existing[(row.obj.pk, source_id)]
        same_quote = [c for c in found if quote is None or c.quote == quote]
        target = same_quote[0] if same_quote else (found[0] if len(found) == 1 else None)
        if target is None:
            creates.append(Citation(source_id=source_id, content_type=ct, object_id=row.obj.pk,
                                    locator=locator or "", quote=quote or ""))
            existing[(row.obj.pk, source_id)].append(creates[-1])
        else:
            changed = False
            for name, value in (("locator", locator), ("quote", quote)):
                if value is not None and getattr(target, name) != value:
                    setattr(target, name, value)
                    changed = True
            if not changed:
                continue
            target.updated_at = importer.now
            updates.append(target)
        if row.status == UNCHANGED:
            row.status = UPDATED
    importer.insert(Citation, creates)
    if updates:
        bulk_update_with_history(updates, Citation, ["locator", "quote", "updated_at"], batch_size=BATCH,
                                 default_user=importer.user, default_change_reason=importer.reason)
