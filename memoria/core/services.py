"""The writes every record kind shares: create, change, delete, publish — one transaction each.

Every entry point calls these (the back office, the API, the demo loader;
the import uses their bulk counterpart in memoria.imports): each action
checks the acting user's permission, validates with the model's own rules
(`full_clean`: EDTF dates, coordinate ranges, unique inventory numbers,
blank spellings…), saves with history attributed to that user, and raises
domain errors only (ValidationError, PermissionDenied, memoria.core.errors),
never an HTTP one. The search indexes and the IIIF tiles follow the saves
through their apps' signal receivers, inside the same transaction.

Domains add their own actions beside these (archive.services: spellings,
event places, media uploads; sources.services: citations;
exhibitions.services: the order of sections and entries) and register the
writers of the related data their records carry (`related_writer`).
"""

from __future__ import annotations

import hashlib
from typing import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction

from memoria.core.errors import NotFound, VersionConflict, VersionRequired
from memoria.core.i18n import translated_fields


class CommandLine(AnonymousUser):
    """The actor of a command run on the server (`memoria demo`, `memoria import`…).

    Whoever can run commands owns the data directory, so it may do everything;
    its history rows have no user.
    """

    is_active = True

    @property
    def is_authenticated(self):
        return True

    @property
    def is_staff(self):
        return True

    def has_perm(self, perm, obj=None):
        return True

    def __str__(self):
        return "command line"


COMMAND_LINE = CommandLine()


# --- Permissions and versions ----------------------------------------------------


def require_permission(user, model, action: str) -> None:
    """PermissionDenied unless `user` may `action` ("add", "change", "delete") records of `model`."""
    meta = model._meta
    if user is None or not user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}"):
        raise PermissionDenied(f"You may not {action} {meta.verbose_name_plural}.")


def version_of(obj) -> str:
    """A tag that changes on every save (updated_at is auto_now); the API sends it as the ETag."""
    raw = f"{obj._meta.label_lower}:{obj.pk}:{obj.updated_at.isoformat()}"
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def check_version(obj, expected: str | None) -> None:
    """`expected` is the version (or a comma-separated list of them, or "*") the caller edits."""
    if not expected:
        raise VersionRequired
    tags = {tag.strip() for tag in expected.split(",")}
    if "*" not in tags and version_of(obj) not in tags:
        raise VersionConflict


def locked(model, pk):
    try:
        return model.objects.select_for_update().get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"No {model._meta.verbose_name} with id {pk}.") from None


def check_unchanged(obj, version: str | None) -> None:
    """Lock the stored row of `obj` and refuse (VersionConflict) if it moved past `version`.

    For a caller that loaded and changed `obj` itself (a back-office form opened at `version`);
    call it inside the transaction that saves, so that a second save waits for the lock and then
    sees the first one's version.
    """
    check_version(locked(type(obj), obj.pk), version)


# --- Plain data onto records ---------------------------------------------------------


#: Omitted (None) means "leave as it is", even on a full replacement: a client that does not know
#: about publication or import identifiers must not unpublish a record or cut it loose from its
#: import (the demo loader finds records by external_id).
KEPT_WHEN_OMITTED = {"is_published", "external_id"}


def assign(obj, data: dict) -> None:
    """Copy plain values onto the model; {"en": …, "ru": …} maps go to the per-language columns."""
    langs = translated_fields(type(obj))
    for name, value in data.items():
        if name in KEPT_WHEN_OMITTED and value is None:
            continue
        if name in langs and isinstance(value, dict):
            for code, text in value.items():
                setattr(obj, f"{name}_{code}", text or "")
        else:
            setattr(obj, name, value)


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


def _foreign_keys(model) -> dict[str, object]:
    """{"person_id": <person field>, …}: plain data names references by their column."""
    return {f.attname: f for f in model._meta.concrete_fields if f.many_to_one}


def check_references(model, data: dict) -> None:
    """`person_id: 999` → an error on person_id saying no such person, before anything is written."""
    errors = {}
    for key, field in _foreign_keys(model).items():
        value = data.get(key)
        target = field.related_model
        if value is not None and not target._base_manager.filter(pk=value).exists():
            errors[key] = f"No {target._meta.model_name} with id {value}."
    if errors:
        raise ValidationError(errors)


def as_sent(error: ValidationError, model) -> ValidationError:
    """The model names a reference `person`; the caller sent `person_id`: report what it sent."""
    if not hasattr(error, "error_dict"):
        return error
    names = {field.name: attname for attname, field in _foreign_keys(model).items()}
    return ValidationError({names.get(field, field): messages for field, messages in error.error_dict.items()})


def prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """The errors of a nested record, named under its place in the input (`name_variants[2].text`)."""
    return ValidationError({
        (prefix if field == NON_FIELD_ERRORS else f"{prefix}.{field}"): messages
        for field, messages in error.error_dict.items()
    } if hasattr(error, "error_dict") else {prefix: error.error_list})


# --- Related data a record carries (spellings of a person, places of an event…) ----------


_RELATED_WRITERS: dict[type, dict[str, Callable]] = {}


def related_writer(model, key: str):
    """Register `writer(obj, value, user)` for input key `key` of `model`, run after the record is saved."""

    def register(writer):
        _RELATED_WRITERS.setdefault(model, {})[key] = writer
        return writer

    return register


# --- The actions ------------------------------------------------------------------------


def _attribute_history(obj, user) -> None:
    # simple_history takes the author from `_history_user` when set (else from the request).
    if user is not None and getattr(user, "pk", None) is not None:
        obj._history_user = user


def save(obj, user, *, clean: bool = True, version: str | None = None) -> None:
    """Save a record whose fields are already set (a back-office form, the demo loader).

    clean=False when the caller's form has already run the model's validation; `version`, when
    given, is the one the caller read the record at: a newer stored one refuses the save.
    """
    require_permission(user, type(obj), "change" if obj.pk else "add")
    if clean:
        obj.full_clean()
    _attribute_history(obj, user)
    with transaction.atomic():
        if version is not None and obj.pk:
            check_unchanged(obj, version)
        obj.save()


def _save_with_data(obj, data: dict, user) -> None:
    writers = _RELATED_WRITERS.get(type(obj), {})
    related = {key: data.pop(key) for key in list(data) if key in writers}
    refuse_null_characters(data)
    refuse_null_characters(related)
    check_references(type(obj), data)
    assign(obj, data)
    try:
        obj.full_clean()
    except ValidationError as error:
        raise as_sent(error, type(obj)) from None
    _attribute_history(obj, user)
    obj.save()
    for key, value in related.items():
        if value is not None:
            writers[key](obj, value, user)


@transaction.atomic
def create(model, data: dict, user):
    """A new record of `model` from plain data; related data by the domain's registered writers."""
    require_permission(user, model, "add")
    obj = model()
    _save_with_data(obj, dict(data), user)
    return obj


@transaction.atomic
def update(model, pk, data: dict, user, version: str | None):
    """Change the given fields of record `pk`, which the caller read at `version`."""
    require_permission(user, model, "change")
    obj = locked(model, pk)
    check_version(obj, version)
    _save_with_data(obj, dict(data), user)
    return obj


@transaction.atomic
def delete(model, pk, user, version: str | None) -> None:
    require_permission(user, model, "delete")
    obj = locked(model, pk)
    check_version(obj, version)
    delete_record(obj, user)


def delete_record(obj, user, *, version: str | None = None) -> None:
    """Delete a loaded record (the back office's delete, after its confirmation page).

    `version`, when given, is the one the caller read the record at (an inline row marked for
    deletion): a newer stored one refuses the delete.
    """
    require_permission(user, type(obj), "delete")
    _attribute_history(obj, user)
    with transaction.atomic():
        if version is not None:
            check_unchanged(obj, version)
        obj.delete()


@transaction.atomic
def set_published(model, pk, value: bool, user, version: str | None):
    """Publish or unpublish one record: a saved change, so history records who did it."""
    require_permission(user, model, "change")
    obj = locked(model, pk)
    check_version(obj, version)
    publish(model.objects.filter(pk=pk), value, user)
    obj.refresh_from_db()
    return obj


@transaction.atomic
def publish(queryset, value: bool, user) -> int:
    """Publish (or unpublish) every record of `queryset` that is not already so; returns how many.

    One save per record (not a bulk update) so that history and the indexes follow each change.
    """
    require_permission(user, queryset.model, "change")
    changed = 0
    for obj in queryset.select_for_update():
        if obj.is_published == value:
            continue
        obj.is_published = value
        obj.validate_constraints()  # e.g. a person merged into another is never published
        _attribute_history(obj, user)
        obj.save()
        changed += 1
    return changed
