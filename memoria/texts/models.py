"""A text's proposals and the curator's decisions on them.

The proposals themselves are the extraction's JSON (memoria.texts.extraction.extract), kept
as it was read; nothing in the archive is created until the curator accepts one. The
decisions are kept per source and per name (the casefolded name, or a date's EDTF value), so
that running the extraction again on the same text remembers them.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from memoria.core.models import TimeStamped
from memoria.sources.models import Source

#: The kinds of proposal, as the extraction's JSON names its lists.
KINDS = ("people", "places", "units", "objects", "dates")


class TextExtraction(TimeStamped):
    """One reading of a source's full text: what the extraction proposed then."""

    source = models.ForeignKey(Source, models.CASCADE, related_name="extractions", verbose_name=_("source"))
    language = models.CharField(_("language"), max_length=16)
    result = models.JSONField(_("proposals"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("read by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("text extraction")
        verbose_name_plural = _("text extractions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.source} ({self.created_at:%Y-%m-%d %H:%M})"


class ProposalDecision(TimeStamped):
    source = models.ForeignKey(Source, models.CASCADE, verbose_name=_("source"))
    kind = models.CharField(_("kind"), max_length=16, choices=[(k, k) for k in KINDS])
    name_key = models.CharField(_("name"), max_length=500,
                                help_text=_("The name as compared: case and spacing folded; a date's EDTF value."))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))

    class Meta:
        abstract = True


class RejectedProposal(ProposalDecision):
    """A proposal the curator refused: never proposed again for this source."""

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rejected proposal")
        verbose_name_plural = _("rejected proposals")
        constraints = [models.UniqueConstraint(fields=["source", "kind", "name_key"],
                                               name="texts_rejected_once_per_source")]

    def __str__(self):
        return f"{self.kind}: {self.name_key}"


class AcceptedProposal(ProposalDecision):
    """A proposal the curator accepted, and the record it created or was linked to."""

    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("accepted proposal")
        verbose_name_plural = _("accepted proposals")
        constraints = [models.UniqueConstraint(fields=["source", "kind", "name_key"],
                                               name="texts_accepted_once_per_source")]

    def __str__(self):
        return f"{self.kind}: {self.name_key} → {self.content_type.model} #{self.object_id}"
