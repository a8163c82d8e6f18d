"""Events: their records, and the places they happened at (the `places` column)."""

from __future__ import annotations

from collections import defaultdict

from memoria.archive.models import Event, Place
from memoria.imports.report import UNCHANGED, UPDATED
from memoria.imports.rows import BATCH, Row, chunks
from memoria.imports.writers.base import RecordWriter
from memoria.search import indexing


class EventWriter(RecordWriter):
    def write_related(self, rows: list[Row]) -> None:
        """Make each event's places those of its row (when the table has the column)."""
        if "places" not in self.header_of:
            return
        through = Event.places.through
        current = defaultdict(set)
        for part in chunks([r.obj.pk for r in rows]):
            for event_id, place_id in through.objects.filter(event_id__in=part).values_list(
                    "event_id", "place_id"):
                current[event_id].add(place_id)
        adds, removes = [], []
        for row in rows:
            wanted = set(row.refs.get("places") or [])
            have = current[row.obj.pk]
            if wanted != have:
                adds += [through(event_id=row.obj.pk, place_id=p) for p in wanted - have]
                removes += [(row.obj.pk, p) for p in have - wanted]
                if row.status == UNCHANGED:
                    row.status = UPDATED
        through.objects.bulk_create(adds, batch_size=BATCH)
        for event_id, place_id in removes:
            through.objects.filter(event_id=event_id, place_id=place_id).delete()
        # Each place's document lists its events (the events' own are written with the rows).
        indexing.index_records(Place, [a.place_id for a in adds] + [p for _e, p in removes])
