"""Sources and the citations that tie each fact or relation to them."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from memoria.core.models import DatedMixin, EDTFField, Publishable, TimeStamped
from memoria.core.urls import remembered_reverse


class Source(DatedMixin, Publishable):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        NEWSPAPER = "newspaper", _("Newspaper page")
        ARCHIVE_FILE = "archive_file", _("Archive file")
        BOOK = "book", _("Book")
        ORAL_HISTORY = "oral_history", _("Oral history")
        WEBSITE = "website", _("Website")
        FAMILY = "family_contribution", _("Family contribution")
        OTHER = "other", _("Other")

    EDTF_BOUNDS = {"date": ("date_lower", "date_upper")}

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=500)
    author = models.CharField(_("author"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    date = EDTFField(_("date"))
    date_lower = models.DateField(null=True, blank=True, editable=False)
    date_upper = models.DateField(null=True, blank=True, editable=False)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    language = models.CharField(_("language of the source"), max_length=16, blank=True)
    archive_reference = models.CharField(
        _("archive reference"), max_length=300, blank=True, help_text=_("Fonds, file, page.")
    )
    note = models.TextField(_("note"), blank=True)
    # The source's own words, kept whole so that a citation can quote them by
    # character offsets (a text turned into records, a family's story).
    text = models.TextField(_("full text"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["title"]

    def __str__(self):
        return self.title_en or self.title or f"#{self.pk}"

    def get_absolute_url(self):
        return remembered_reverse("public:source", args=[self.pk])


class Citation(TimeStamped):
    """One source backing one record, one of its facts, or one relation.

    `field` names the fact cited (e.g. "birth_date"); empty means the record
    or relation as a whole.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations",
                               verbose_name=_("source"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("fact"), max_length=64, blank=True,
                             help_text=_("Which fact this supports; empty = the whole record."))
    locator = models.CharField(_("page or place in the source"), max_length=200, blank=True)
    quote = models.TextField(_("quotation"), blank=True,
                             help_text=_("The words of the source that support the fact."))
    # Where the quotation stands in the source's full text: Unicode code points,
    # end exclusive; empty when the source has no full text.
    quote_start = models.PositiveIntegerField(_("quotation starts at"), null=True, blank=True)
    quote_end = models.PositiveIntegerField(_("quotation ends at"), null=True, blank=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        ordering = ["pk"]

    def __str__(self):
        return f"{self.source} → {self.content_type.model} #{self.object_id}"
