"""The page a curator gets when someone else saved the record after their form was opened.

The actions refused the save (`core.services.check_unchanged`, inside the save's transaction),
so nothing of it was stored. This page is built afterwards from three states of each record:
the one the form was opened at (its historical record, found by the version the form carried),
the stored one (what the other person saved) and the submitted one (the curator's). It lists
what changed, field by field, with who changed it and when, and re-shows the change form with
the stored record plus the curator's own changes, carrying the stored version: one more save
applies them on top.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponseRedirect
from django.template.defaultfilters import capfirst, yesno
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _

from memoria.backoffice.admin.versions import FIELD
from memoria.core.services import version_of

TEMPLATE = "backoffice/edit_conflict.html"

#: A value the history does not keep (the links of a many-to-many field).
NOT_RECORDED = object()


@dataclass
class FieldChange:
    label: str
    opened: str
    theirs: str
    yours: str
    by_them: bool
    by_you: bool
    changed_by: str = ""
    changed_at: datetime | None = None


@dataclass
class RecordConflict:
    title: str
    changes: list[FieldChange] = field(default_factory=list)
    deleted_by: str = ""
    deleted_at: datetime | None = None


@dataclass
class Comparison:
    """One record's three states, compared field by field."""

    conflict: RecordConflict
    reapplied: dict  # form field name → the curator's value, put back into the re-shown form

    @property
    def changed_by_others(self) -> bool:
        """Deleted, or a field they changed (or one history cannot tell, which differs now)."""
        return self.conflict.deleted_at is not None or any(c.by_them or not c.by_you
                                                           for c in self.conflict.changes)


def response(model_admin, request, object_id, form_url):
    """The change form again, as a 409 answer, with what the other person changed on top."""
    current = model_admin.get_object(request, unquote(object_id))
    if current is None:  # deleted meanwhile: there is nothing to put the changes back onto
        messages.warning(request, _("Someone else deleted this record after you opened it."))
        opts = model_admin.opts
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    submitted_record = model_admin.get_object(request, unquote(object_id))
    fieldsets = model_admin.get_fieldsets(request, current)
    form_class = model_admin.get_form(request, current, change=True, fields=flatten_fieldsets(fieldsets))
    submitted = form_class(request.POST, request.FILES, instance=submitted_record)
    submitted.is_valid()
    main = compare(current, submitted, title=str(current))

    formsets, inlines, rows = [], [], []
    for (formset_class, inline), prefix in _formset_classes(model_admin, request, current):
        bound = formset_class(**model_admin.get_formset_kwargs(request, submitted_record, inline, prefix))
        bound.is_valid()
        formset, row_comparisons = _reapplied_formset(formset_class, inline, request, current, prefix, bound)
        formsets.append(formset)
        inlines.append(inline)
        rows += [c.conflict for c in row_comparisons if c.changed_by_others]

    form = form_class(instance=current, initial=main.reapplied)
    context = _change_form_context(model_admin, request, current, form, fieldsets, formsets, inlines)
    answer = model_admin.render_change_form(request, context, change=True, obj=current, form_url=form_url)
    answer.context_data.update({
        "conflict_base_template": select_template(_names(answer.template_name)),
        "conflicts": [main.conflict, *rows],
        "files_dropped": bool(request.FILES),
    })
    answer.template_name = TEMPLATE
    answer.status_code = 409
    return answer


def compare(current, form, title: str, skip=()) -> Comparison:
    """The stored record `current` against the submitted `form`, and both against the opened version."""
    model = type(current)
    fields = _compared_fields(model, form, skip)
    opened, later = _history_since(current, form.data.get(form.add_prefix(FIELD), ""))
    last_change = _last_change_of_each_field(fields, opened, later)
    conflict, reapplied = RecordConflict(title), {}
    for name, model_field in fields:
        was = _value(model_field, opened) if opened is not None else NOT_RECORDED
        now = _value(model_field, current)
        mine = _submitted_value(model_field, form, name)
        known = was is not NOT_RECORDED
        by_them = known and was != now
        by_you = known and mine != was
        if not (by_them or by_you or (not known and mine != now)):
            continue
        record = last_change.get(name)
        conflict.changes.append(FieldChange(
            label=capfirst(form.fields[name].label or model_field.verbose_name),
            opened=_shown(model_field, was), theirs=_shown(model_field, now), yours=_shown(model_field, mine),
            by_them=by_them, by_you=by_you,
            changed_by=_who(record.history_user) if record else "",
            changed_at=record.history_date if record else None,
        ))
        if by_you and name in form.cleaned_data and not isinstance(model_field, models.FileField):
            reapplied[name] = form.cleaned_data[name]
    return Comparison(conflict, reapplied)


# --- The states of a record ---------------------------------------------------------------


def _compared_fields(model, form, skip):
    """(form field name, model field) for every stored field the form edits."""
    fields = []
    for name in form.fields:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # the version itself, DELETE, a formset's own fields
        if not model_field.primary_key and model_field.concrete and name not in skip:
            fields.append((name, model_field))
    return fields


def _history_since(current, version: str):
    """The historical record at `version` (None if history does not have it) and those after it."""
    later = []
    for record in current.history.all():  # newest first
        if version_of(record.instance) == version:
            return record, list(reversed(later))
        later.append(record)
    return None, []


def _last_change_of_each_field(fields, opened, later) -> dict:
    """{field name: the historical record that last changed it} among those after `opened`."""
    changed, previous = {}, opened
    for record in later:
        for name, model_field in fields:
            if previous is not None and _value(model_field, record) != _value(model_field, previous):
                changed[name] = record
        previous = record
    return changed


def _value(model_field, obj):
    """A comparable value of a record or a historical record (FKs by id, files by name)."""
    if model_field.many_to_many:
        if hasattr(obj, "history_date"):
            return NOT_RECORDED  # history keeps the row, not its links
        return frozenset(getattr(obj, model_field.name).values_list("pk", flat=True))
    value = getattr(obj, model_field.attname)
    if isinstance(model_field, models.FileField):
        value = getattr(value, "name", value)  # a FieldFile; history keeps the name as text
    return None if value == "" else value  # a form saves "" where a creation left NULL: no change


def _submitted_value(model_field, form, name):
    if model_field.many_to_many:
        return frozenset(o.pk for o in form.cleaned_data.get(name, ()))
    return _value(model_field, form.instance)  # the form's clean put its values onto the instance


def _shown(model_field, value) -> str:
    if value is NOT_RECORDED:
        return _("not kept in history")
    if value in (None, "") or value == frozenset():
        return "—"
    if model_field.many_to_many:
        return ", ".join(str(o) for o in model_field.related_model._default_manager.filter(pk__in=value))
    if model_field.many_to_one:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return yesno(value)
    return str(value)


def _who(user) -> str:
    if user is None:
        return _("a command or an import")
    return user.get_full_name() or user.get_username()


# --- Inline rows --------------------------------------------------------------------------


def _formset_classes(model_admin, request, obj):
    """Each inline's formset class with the prefix the admin gives it (as ModelAdmin does)."""
    counts = {}
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset_class.get_default_prefix()
        counts[prefix] = counts.get(prefix, 0) + 1
        if counts[prefix] != 1 or not prefix:
            prefix = f"{prefix}-{counts[prefix]}"
        yield (formset_class, inline), prefix


def _reapplied_formset(formset_class, inline, request, current, prefix, bound):
    """The inline as stored, with the curator's changed, deleted and added rows put back."""
    skip = {bound.fk.name} if hasattr(bound, "fk") else set()
    added = [_new_row(form, skip) for form in bound.extra_forms
             if form.has_changed() and form.is_valid() and not _marked_for_deletion(form)]
    formset = formset_class(instance=current, prefix=prefix, queryset=inline.get_queryset(request),
                            initial=added or None)
    formset.extra = max(formset.extra, len(added))  # the curator's new rows come first
    stored = {form.instance.pk: form for form in formset.initial_forms}
    comparisons = []
    for submitted in bound.initial_forms:
        shown = stored.get(submitted.instance.pk)
        if shown is None:
            continue  # deleted by someone else: listed below
        comparison = compare(shown.instance, submitted, f"{capfirst(inline.verbose_name)}: {shown.instance}", skip)
        comparisons.append(comparison)
        shown.initial.update(comparison.reapplied)
        if _marked_for_deletion(submitted):
            shown.initial["DELETE"] = True
    return formset, comparisons + list(_rows_deleted_by_others(inline, bound))


def _marked_for_deletion(form) -> bool:
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


def _new_row(form, skip) -> dict:
    """A new row's values; a chosen file cannot be carried over (a browser must send it again)."""
    return {name: value for name, value in form.cleaned_data.items()
            if name not in skip and name not in (form._meta.model._meta.pk.name, "DELETE", FIELD)
            and not isinstance(form.fields[name], forms.FileField)}


def _rows_deleted_by_others(inline, bound):
    """Rows the form showed that are no longer stored: who deleted them, and when."""
    model = inline.model
    pk_name = model._meta.pk.name
    for form in bound.initial_forms:
        pk = form.data.get(form.add_prefix(pk_name))
        if form.instance.pk or not pk or not str(pk).isdigit():
            continue
        deletion = model.history.filter(**{pk_name: pk, "history_type": "-"}).first()
        if deletion is not None:
            yield Comparison(RecordConflict(f"{capfirst(inline.verbose_name)}: {deletion.instance}",
                                            deleted_by=_who(deletion.history_user),
                                            deleted_at=deletion.history_date), {})


# --- The admin's change form, re-shown ----------------------------------------------------


def _change_form_context(model_admin, request, obj, form, fieldsets, formsets, inlines) -> dict:
    """What ModelAdmin.changeform_view hands render_change_form for an existing record."""
    admin_form = helpers.AdminForm(form, list(fieldsets), model_admin.get_prepopulated_fields(request, obj),
                                   model_admin.get_readonly_fields(request, obj), model_admin=model_admin)
    inline_formsets = model_admin.get_inline_formsets(request, formsets, inlines, obj)
    media = model_admin.media + admin_form.media
    for inline_formset in inline_formsets:
        media += inline_formset.media
    return {
        **model_admin.admin_site.each_context(request),
        "title": _("Change %s") % model_admin.opts.verbose_name,
        "subtitle": str(obj),
        "adminform": admin_form,
        "object_id": obj.pk,
        "original": obj,
        "is_popup": False,
        "to_field": None,
        "media": media,
        "inline_admin_formsets": inline_formsets,
        "errors": helpers.AdminErrorList(form, formsets),
        "preserved_filters": model_admin.get_preserved_filters(request),
    }


def _names(template_name):
    return [template_name] if isinstance(template_name, str) else list(template_name)
