"""A merge of two people, remembered with everything it moved so that it can be undone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonMerge(models.Model):
    """`merged` was merged into `survivor` by `by` at `at` (memoria.duplicates.merge).

    `choices`: for each field where both records held a different value, which one the curator
    kept ({"birth_date": "other"}). `snapshot`: what the merge changed, as it was before — the
    fields of both records it overwrote, the rows it moved from one person to the other (by
    model and id), the citations it re-pointed (their old record and fact) and the spellings it
    added — which `undo_merge` puts back.
    """

    survivor = models.ForeignKey("archive.Person", models.CASCADE, related_name="+",
                                 verbose_name=_("kept record"))
    merged = models.ForeignKey("archive.Person", models.CASCADE, related_name="+",
                               verbose_name=_("merged record"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("merged by"))
    at = models.DateTimeField(_("merged at"), auto_now_add=True)
    choices = models.JSONField(_("values kept"), default=dict, blank=True)
    snapshot = models.JSONField(_("what the merge changed"), default=dict, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("undone by"))

    class Meta:
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["survivor", "-at"], name="duplicates_merge_survivor")]

    def __str__(self):
        return f"#{self.merged_id} → #{self.survivor_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
