"""Exhibition writes beyond a plain record save: the order of sections and entries.

Plain record writes (create, change, delete, publish) are memoria.core.services'.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from memoria.core import services as records
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.sources.services import citable

citable("exhibition", Exhibition)
citable("section", Section)
citable("entry", Entry)  # the demo cites entries' texts


def _reorder(parent, children, ids: list[int], what: str, user) -> None:
    """Positions 1, 2, 3… in the order given; the list must name every child exactly once."""
    current = {child.pk: child for child in children}
    if len(ids) != len(set(ids)):
        raise ValidationError({f"{what}_ids": "An id is listed twice."})
    unknown = [pk for pk in ids if pk not in current]
    missing = sorted(set(current) - set(ids))
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(f"not in #{parent.pk}: {', '.join(map(str, unknown))}")
        if missing:
            problems.append(f"missing: {', '.join(map(str, missing))}")
        raise ValidationError({f"{what}_ids": f"List every {what} of #{parent.pk} exactly once ("
                                              + "; ".join(problems) + ")."})
    for position, pk in enumerate(ids, start=1):
        child = current[pk]
        if child.position != position:
            child.position = position
            records.save(child, user, clean=False)  # one by one, so that the history records each move
    records.save(parent, user, clean=False)  # the arrangement is part of the parent: its version changes


@transaction.atomic
def entries_reorder(section_pk: int, entry_ids: list[int], user, version: str | None) -> Section:
    records.require_permission(user, Entry, "change")
    section = records.locked(Section, section_pk)
    records.check_version(section, version)
    _reorder(section, section.entries.select_for_update(), entry_ids, "entry", user)
    return section


@transaction.atomic
def sections_reorder(exhibition_pk: int, section_ids: list[int], user, version: str | None) -> Exhibition:
    records.require_permission(user, Section, "change")
    exhibition = records.locked(Exhibition, exhibition_pk)
    records.check_version(exhibition, version)
    _reorder(exhibition, exhibition.sections.select_for_update(), section_ids, "section", user)
    return exhibition
