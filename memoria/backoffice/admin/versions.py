"""Every change form and inline row carries the version of the record it was opened at.

The version is the API's ETag (`core.services.version_of`): one idea of "which state of the
record did this person see" for both entry points. The admin only carries it in a hidden field
and hands it to the actions, which compare it with the locked row inside the save's transaction.
"""

from functools import cache

from django import forms
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from memoria.core.services import version_of

FIELD = "opened_version"


class OpenedVersionForm(forms.ModelForm):
    """Mixed into an admin's own form class (see `with_opened_version`)."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(FIELD, version_of(self._stored()))

    def _stored(self):
        """The history page's revert form edits an old copy; the version it overwrites is the stored one."""
        if hasattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
            return type(self.instance)._default_manager.filter(pk=self.instance.pk).first() or self.instance
        return self.instance

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not cleaned.get(FIELD):
            # Without it a save could silently undo someone else's change; a form the admin
            # rendered always has it, so this is an old or hand-made page.
            raise forms.ValidationError(_(
                "This form does not say which version of the record it was opened at. "
                "Open the record again and make your changes there."
            ))
        return cleaned


@cache
def with_opened_version(form_class):
    if issubclass(form_class, OpenedVersionForm):
        return form_class
    return type(form_class.__name__, (OpenedVersionForm, form_class), {"__module__": form_class.__module__})


def with_version_field(fieldsets):
    """The fieldsets with the hidden version added to the first one (a hidden row, not shown)."""
    fieldsets = list(fieldsets)
    name, options = fieldsets[0]
    if FIELD not in options["fields"]:
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], FIELD]})
    return fieldsets


def opened_version(form) -> str | None:
    """The version a submitted form was opened at ("" when it has none, None for a new row)."""
    if not form.instance.pk:
        return None
    return getattr(form, "cleaned_data", {}).get(FIELD, "")


class VersionedInline:
    """Mixed into every inline of an ActionsAdmin (`versioned_inline`): each row carries its version."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = with_opened_version(self.form)

    def get_fieldsets(self, request, obj=None):
        return with_version_field(super().get_fieldsets(request, obj))


@cache
def versioned_inline(inline_class):
    if issubclass(inline_class, VersionedInline):
        return inline_class
    return type(inline_class.__name__, (VersionedInline, inline_class), {"__module__": inline_class.__module__})
