"""A pair of people who may be one person, and the curator's answer about it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from memoria.core.models import TimeStamped


class CandidatePair(TimeStamped):
    """Two people the finder scored alike; `person_a` always has the lower primary key."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DIFFERENT = "different", _("different people")
        UNSURE = "unsure", _("not sure")
        MERGED = "merged", _("merged")

    person_a = models.ForeignKey("archive.Person", models.CASCADE, related_name="+",
                                 verbose_name=_("person A"))
    person_b = models.ForeignKey("archive.Person", models.CASCADE, related_name="+",
                                 verbose_name=_("person B"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicates_pair_unique"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")),
                                   name="duplicates_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="duplicates_status_score")]

    def __str__(self):
        return f"#{self.person_a_id} ~ #{self.person_b_id} ({self.score:.2f})"
from memoria.duplicates.models_merge import PersonMerge  # noqa: E402, F401
