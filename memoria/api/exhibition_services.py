"""Exhibition writes beyond a plain record save: publishing and the order of sections and entries."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404

from memoria.api.auth import require_perm
from memoria.api.services import check_if_match
from memoria.core.admin import _set_published
from memoria.core.visibility import can_preview
from memoria.exhibitions.models import Entry, Exhibition, Section


def visible_sections(queryset, user):
    """Visitors see a section only when it and its exhibition are both published (as on the site)."""
    if can_preview(user):
        return queryset
    return queryset.filter(is_published=True, exhibition__is_published=True)


def visible_entries(queryset, user):
    """…and an entry only when its section is visible and the item or person it shows is published."""
    if can_preview(user):
        return queryset
    return (queryset.filter(section__is_published=True, section__exhibition__is_published=True)
            .exclude(item__is_published=False).exclude(person__is_published=False))


@transaction.atomic
def set_published(model, pk: int, value: bool, user, if_match: str | None):
    """Publish or unpublish one record the way the admin's list action does (a saved, recorded change)."""
    require_perm(user, model, "change")
    obj = get_object_or_404(model.objects.select_for_update(), pk=pk)
    check_if_match(obj, if_match)
    _set_published(model.objects.filter(pk=pk), value)
    obj.refresh_from_db()
    return obj


def _reorder(parent, children, ids: list[int], what: str) -> None:
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
            child.save()  # one by one, so that the history records each move
    parent.save()  # the arrangement is part of the parent: its ETag changes


@transaction.atomic
def reorder_entries(section_pk: int, entry_ids: list[int], user, if_match: str | None) -> Section:
    require_perm(user, Entry, "change")
    section = get_object_or_404(Section.objects.select_for_update(), pk=section_pk)
    check_if_match(section, if_match)
    _reorder(section, section.entries.select_for_update(), entry_ids, "entry")
    return section


@transaction.atomic
def reorder_sections(exhibition_pk: int, section_ids: list[int], user, if_match: str | None) -> Exhibition:
    require_perm(user, Section, "change")
    exhibition = get_object_or_404(Exhibition.objects.select_for_update(), pk=exhibition_pk)
    check_if_match(exhibition, if_match)
    _reorder(exhibition, exhibition.sections.select_for_update(), section_ids, "section")
    return exhibition
