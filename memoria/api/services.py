"""Writes through the API: validated by the models, one transaction, no lost updates.

Each write takes the record's row lock, checks the client's If-Match against
the record's current ETag, assigns the fields, runs `full_clean()` (the same
validators the admin uses: EDTF dates, coordinate ranges, unique inventory
numbers, blank spellings…) and saves — all inside one `transaction.atomic()`,
so a refused nested spelling leaves the person unchanged too.
"""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from modeltranslation.translator import NotRegistered, translator

from memoria.api.auth import require_perm
from memoria.archive.models import Event, Item, NameVariant, Person, Place, Unit
from memoria.core.visibility import can_preview, visible
from memoria.exhibitions.models import Exhibition, Section
from memoria.sources.models import Citation


class PreconditionRequired(Exception):
    """A write without If-Match: the client has not said which version it edits (428)."""


class PreconditionFailed(Exception):
    """The record changed since the client read it (412)."""


# --- ETags ---------------------------------------------------------------------


def etag(obj) -> str:
    """A strong ETag that changes on every save (updated_at is auto_now)."""
    meta = obj._meta
    raw = f"{meta.label_lower}:{obj.pk}:{obj.updated_at.isoformat()}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def check_if_match(obj, if_match: str | None) -> None:
    if not if_match:
        raise PreconditionRequired
    tags = {tag.strip() for tag in if_match.split(",")}
    if "*" not in tags and etag(obj) not in tags:
        raise PreconditionFailed


# --- Field assignment ------------------------------------------------------------


def translated_fields(model) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


#: Omitted (None) means "leave as it is", even on PUT: a client that does not know
#: about publication or import identifiers must not unpublish a record or cut
#: it loose from its import (the demo loader finds records by external_id).
KEPT_WHEN_OMITTED = {"is_published", "external_id"}


def _assign(obj, data: dict) -> None:
    """Copy API values onto the model; language maps go to their per-language columns."""
    langs = translated_fields(type(obj))
    for name, value in data.items():
        if name in KEPT_WHEN_OMITTED and value is None:
            continue
        if name in langs:
            for code, text in value.items():
                setattr(obj, f"{name}_{code}", text or "")
        else:
            setattr(obj, name, value)


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    return ValidationError({
        (prefix if field == NON_FIELD_ERRORS else f"{prefix}.{field}"): messages
        for field, messages in error.error_dict.items()
    } if hasattr(error, "error_dict") else {prefix: error.error_list})


def _set_name_variants(person: Person, variants: list[dict]) -> None:
    """Make the person's spellings exactly `variants`: update by id, add new, delete the rest.

    Keeping ids keeps each spelling's citations; a deleted spelling's
    citations go with it (GenericRelation cascade).
    """
    existing = {v.pk: v for v in person.name_variants.all()}
    keep = set()
    for index, values in enumerate(variants):
        values = dict(values)
        pk = values.pop("id", None)
        if pk is not None and pk not in existing:
            raise ValidationError({f"name_variants[{index}].id": f"Person #{person.pk} has no spelling #{pk}."})
        variant = existing.get(pk) or NameVariant(person=person)
        _assign(variant, values)
        try:
            variant.full_clean()
        except ValidationError as error:
            raise _prefixed(error, f"name_variants[{index}]") from None
        variant.save()
        keep.add(variant.pk)
    for pk, variant in existing.items():
        if pk not in keep:
            variant.delete()


def _set_event_places(event: Event, place_ids: list[int]) -> None:
    places = Place.objects.filter(pk__in=place_ids)
    missing = set(place_ids) - {p.pk for p in places}
    if missing:
        raise ValidationError({"place_ids": f"No place with id {', '.join(map(str, sorted(missing)))}."})
    event.places.set(places)


#: Input keys that are not model fields but relations written after the record is saved.
RELATED_WRITERS = {
    Person: {"name_variants": _set_name_variants},
    Event: {"place_ids": _set_event_places},
}


def _foreign_keys(model) -> dict[str, object]:
    """{"person_id": <person field>, …}: the API sends references by their column name."""
    return {f.attname: f for f in model._meta.concrete_fields if f.many_to_one}


def check_references(model, data: dict) -> None:
    """`person_id: 999` → 422 on person_id saying no such person, before anything is written."""
    errors = {}
    for key, field in _foreign_keys(model).items():
        value = data.get(key)
        target = field.related_model
        if value is not None and not target._base_manager.filter(pk=value).exists():
            errors[key] = f"No {target._meta.model_name} with id {value}."
    if errors:
        raise ValidationError(errors)


def _as_sent(error: ValidationError, model) -> ValidationError:
    """The model names a reference `person`; the client sent `person_id`: report what it sent."""
    if not hasattr(error, "error_dict"):
        return error
    names = {field.name: attname for attname, field in _foreign_keys(model).items()}
    return ValidationError({names.get(field, field): messages for field, messages in error.error_dict.items()})


def _save(obj, data: dict) -> None:
    writers = RELATED_WRITERS.get(type(obj), {})
    related = {key: data.pop(key) for key in list(data) if key in writers}
    check_references(type(obj), data)
    _assign(obj, data)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise _as_sent(error, type(obj)) from None
    obj.save()
    for key, value in related.items():
        if value is not None:
            writers[key](obj, value)


def refuse_null_characters(value, where: str = "") -> None:
    """PostgreSQL cannot store U+0000 in text (SQLite can): refuse it on both, naming the field."""
    if isinstance(value, dict):
        for key, item in value.items():
            refuse_null_characters(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_null_characters(item, f"{where}[{index}]")
    elif isinstance(value, str) and "\x00" in value:
        raise ValidationError({where or NON_FIELD_ERRORS: "Null characters (U+0000) are not allowed."})


# --- Record writes ---------------------------------------------------------------


@transaction.atomic
def create_record(model, data: dict, user):
    require_perm(user, model, "add")
    refuse_null_characters(data)
    obj = model()
    _save(obj, data)
    return obj


@transaction.atomic
def update_record(model, pk: int, data: dict, user, if_match: str | None):
    require_perm(user, model, "change")
    obj = get_object_or_404(model.objects.select_for_update(), pk=pk)
    check_if_match(obj, if_match)
    refuse_null_characters(data)
    _save(obj, data)
    return obj


@transaction.atomic
def delete_record(model, pk: int, user, if_match: str | None) -> None:
    require_perm(user, model, "delete")
    obj = get_object_or_404(model.objects.select_for_update(), pk=pk)
    check_if_match(obj, if_match)
    obj.delete()


# --- Citations ---------------------------------------------------------------------


class Citable:
    """The records a citation may point at, by their API name."""

    def __init__(self, models: dict[str, tuple[type, str]]):
        # name -> (model, lookup prefix of the is_published that decides visibility)
        self.models = models

    def name_of(self, model) -> str | None:
        return next((name for name, (m, _p) in self.models.items() if m is model), None)

    def model_of(self, name: str):
        return self.models[name][0]

    def visible_subject(self, name: str, pk: int, user) -> bool:
        model, prefix = self.models[name]
        return visible(model.objects.filter(pk=pk), user, prefix).exists()


CITABLE = Citable({
    "person": (Person, ""),
    "name_variant": (NameVariant, "person__"),
    "item": (Item, ""),
    "event": (Event, ""),
    "place": (Place, ""),
    "unit": (Unit, ""),
    "exhibition": (Exhibition, ""),
    "section": (Section, ""),
})


def _citation_values(data: dict) -> dict:
    """{"record": {"type": "person", "id": 3}} → content_type and object_id, checked to exist."""
    record = data.pop("record", None)
    if record is not None:
        name = record["type"]
        if name not in CITABLE.models:
            raise ValidationError({"record.type": f"Choose one of: {', '.join(CITABLE.models)}."})
        model = CITABLE.model_of(name)
        if not model.objects.filter(pk=record["id"]).exists():
            raise ValidationError({"record.id": f"No {name} with id {record['id']}."})
        data["content_type"] = ContentType.objects.get_for_model(model)
        data["object_id"] = record["id"]
    return data


@transaction.atomic
def create_citation(data: dict, user) -> Citation:
    require_perm(user, Citation, "add")  # before the payload is looked at
    if data.get("record") is None:
        raise ValidationError({"record": "A citation cites a record: give its type and id."})
    return create_record(Citation, _citation_values(data), user)


@transaction.atomic
def update_citation(pk: int, data: dict, user, if_match: str | None) -> Citation:
    require_perm(user, Citation, "change")  # before the payload is looked at
    return update_record(Citation, pk, _citation_values(data), user, if_match)


def citations_of(model, pk: int, user, visibility=visible):
    """The citations of one visible record; visitors see those of published sources only."""
    get_object_or_404(visibility(model.objects.all(), user), pk=pk)
    citations = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=pk
    ).select_related("content_type").order_by("pk")
    return citations if can_preview(user) else citations.filter(source__is_published=True)


def citation_for(pk: int, user) -> Citation:
    """One citation, if its source and the record it cites are visible to `user`."""
    citation = get_object_or_404(visible(Citation.objects.select_related("content_type"), user, "source__"),
                                 pk=pk)
    name = CITABLE.name_of(citation.content_type.model_class())
    if not can_preview(user) and (name is None or not CITABLE.visible_subject(name, citation.object_id, user)):
        raise Http404
    return citation

