"""Building blocks shared by every archive model."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from memoria.core import dates


def _choice_labels(field) -> dict:
    """{value: label} of a field's choices, built once per field."""
    labels = field.__dict__.get("_memoria_choice_labels")
    if labels is None:
        labels = field._memoria_choice_labels = {make_hashable(value): label for value, label in field.flatchoices}
    return labels


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """What get_kind_display() & co. return, as Django's own: the label of the value, translated.
        Django builds the whole {value: label} dict at every call, hashing every label, and so
        translates every label of the field to show one; pages show dozens of kinds and roles."""
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


class Publishable(TimeStamped):
    """A record visitors see only once a curator publishes it."""

    external_id = models.CharField(
        _("external identifier"), max_length=100, unique=True, null=True, blank=True,
        help_text=_("A stable identifier from an import or another system; leave empty otherwise."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        db_index=True,
        help_text=_("Visitors see only published records. New records start unpublished."),
    )

    class Meta:
        abstract = True


class EDTFField(models.CharField):
    """An EDTF date string ("1944", "1944-08?", "1941/1945"), validated."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", dates.MAX_LENGTH)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            _("EDTF: 1944, 1944-08, 1944-08-19, 1944? (uncertain), 1944~ (about), 1941/1945."),
        )
        super().__init__(*args, **kwargs)
        self.validators.append(dates.validate_edtf)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("help_text", None)
        return name, path, args, kwargs


class DatedMixin(models.Model):
    """Keeps sortable lower/upper bounds beside each EDTF field.

    Subclasses list their EDTF fields in EDTF_BOUNDS as
    {"date": ("date_lower", "date_upper")}. The bounds are derived data, so
    they are recomputed on every save (core.dates.set_bounds, which bulk writes
    call too) and can never disagree with the text.
    """

    EDTF_BOUNDS: dict[str, tuple[str, str]] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        dates.set_bounds(self)
        super().save(*args, **kwargs)
