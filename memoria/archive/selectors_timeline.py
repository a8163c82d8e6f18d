"""Reads for the public timeline: the visible events in date order, in one query.

An EDTF date is drawn as what it means: an exact day ("1944-08-19") as a point; anything
vaguer — a month, a year, "1944?" , "1944~", "1941/1945", even an uncertain single day — as a
range from its earliest to its latest possible day (the sortable bounds date_lower/date_upper
that DatedMixin derives). Events with no date cannot be placed and are listed apart.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from memoria.archive import models as m
from memoria.core import dates
from memoria.core.i18n import translated
from memoria.core.visibility import visible

QUALIFIERS = "?~%"


@dataclass
class TimelineEvent:
    event: m.Event
    start: datetime.date | None
    end: datetime.date | None  # the latest possible day, inclusive
    is_point: bool
    is_uncertain: bool

    def item(self) -> dict:
        """What the timeline script draws; vis-timeline ends a range before its `end`."""
        item = {
            "id": self.event.pk,
            "title": translated(self.event, "title").text,
            "date": dates.humanize(self.event.date),
            "url": self.event.get_absolute_url(),
            "start": self.start.isoformat(),
            "type": "point" if self.is_point else "range",
            "uncertain": self.is_uncertain,
        }
        if not self.is_point:
            item["end"] = (self.end + datetime.timedelta(days=1)).isoformat()
        return item


def _is_exact_day(text: str, lower, upper) -> bool:
    text = (text or "").strip()
    return bool(lower) and lower == upper and "/" not in text and not any(q in text for q in QUALIFIERS)


def timeline(user) -> tuple[list[TimelineEvent], list[m.Event]]:
    """(dated events in date order, events with no known date)."""
    dated, undated = [], []
    for event in visible(m.Event.objects, user).order_by("date_lower", "date_upper", "title", "pk"):
        lower, upper = event.date_lower, event.date_upper
        if not lower and not upper:
            undated.append(event)
            continue
        # An open interval ("1941/..") has one known end: it is drawn at that day.
        start, end = lower or upper, upper or lower
        text = event.date or ""
        dated.append(TimelineEvent(
            event, start, end,
            is_point=not (lower and upper) or _is_exact_day(text, lower, upper),
            is_uncertain=any(q in text for q in QUALIFIERS) or not (lower and upper),
        ))
    # Open intervals have no lower bound in the database ordering; place them by their known end.
    dated.sort(key=lambda e: (e.start, e.end))
    return dated, undated


def timeline_span(events: list[TimelineEvent]) -> dict:
    """The years the timeline may scroll through: the events' years with some margin."""
    if not events:
        return {}
    first = min(e.start for e in events).year
    last = max(e.end for e in events).year
    return {"min": f"{first - 5:04d}-01-01", "max": f"{last + 6:04d}-01-01"}
