"""What a visitor sends from a public page, and the files that came with it.

Nothing here is public: the public site shows a contribution only to the holder of its secret
status link (services.by_token), and only what acceptance made of it (a Source, Media, an edit)
ever reaches a public page.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from memoria.contributions.storage import private_storage
from memoria.core.models import TimeStamped


class Contribution(TimeStamped):
    class Kind(models.TextChoices):
        STORY = "story", _("A story")
        PHOTOS = "photos", _("Photographs or scans")
        CORRECTION = "correction", _("A correction")
        MISSING_PERSON = "missing_person", _("A missing person")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        MORE_ASKED = "more_asked", _("More information asked")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Licence(models.TextChoices):
        CC_BY = "cc_by", "CC BY 4.0"
        MUSEUM_MAY_SHOW = "museum_may_show", _("The museum may show it")
        RESEARCH_ONLY = "research_only", _("For the museum's research only")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    # The person or item page it was sent from; none = the exhibition home.
    subject_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True,
                                     verbose_name=_("about (kind of record)"))
    subject_id = models.PositiveBigIntegerField(_("about (record)"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    sent_from = models.CharField(_("sent from page"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("text"), blank=True)
    field = models.CharField(_("fact to correct"), max_length=64, blank=True)
    proposed_value = models.TextField(_("proposed value"), blank=True)
    person_name = models.CharField(_("name of the missing person"), max_length=300, blank=True)
    contributor_name = models.CharField(_("contributor's name"), max_length=200)
    contributor_email = models.EmailField(_("contributor's e-mail"))
    relation = models.CharField(_("relation to the person"), max_length=200, blank=True)
    credit_by_name = models.BooleanField(_("credit by name"), default=False)
    rights_confirmed = models.BooleanField(_("holds the rights"))
    # sha256 (hex) of the secret status token; the token itself is never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    curator_message = models.TextField(_("message to the contributor"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # What acceptance created or changed, so that it can be undone.
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    files_purged_at = models.DateTimeField(_("files deleted at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d}" if self.created_at else str(self.get_kind_display())


def contribution_upload_to(instance, filename):
    # The stored name never comes from the visitor: it cannot carry a path or a misleading
    # extension (the extension follows the content the bytes were found to be).
    from memoria.archive.media import EXTENSIONS

    return f"{uuid.uuid4().hex}{EXTENSIONS.get(instance.content_type, '')}"


class ContributionFile(TimeStamped):
    contribution = models.ForeignKey(Contribution, models.CASCADE, related_name="files",
                                     verbose_name=_("contribution"))
    file = models.FileField(_("file"), upload_to=contribution_upload_to, storage=private_storage,
                            max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution file")
        verbose_name_plural = _("contribution files")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name or self.file.name
