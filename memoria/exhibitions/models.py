"""Exhibition → sections (halls, stands, themes) → ordered entries with captions."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from memoria.archive.models import Event, Item, Person, Place
from memoria.core.i18n import LANGUAGE_CODES
from memoria.core.models import DatedMixin, EDTFField, Publishable, TimeStamped
from memoria.core.urls import remembered_reverse


class Exhibition(DatedMixin, Publishable):
    EDTF_BOUNDS = {"opening_date": ("opening_lower", "opening_upper")}

    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    hall = models.CharField(_("hall"), max_length=200, blank=True)
    place = models.ForeignKey(Place, models.SET_NULL, null=True, blank=True,
                              related_name="exhibitions", verbose_name=_("place"))
    opening_date = EDTFField(_("opening date"))
    opening_lower = models.DateField(null=True, blank=True, editable=False)
    opening_upper = models.DateField(null=True, blank=True, editable=False)
    opening_event = models.ForeignKey(Event, models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("opening event"))
    introduction = models.TextField(_("introduction"), blank=True)
    is_featured = models.BooleanField(
        _("featured"), default=False,
        help_text=_("The featured exhibition is the public site's home page."),
    )
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-is_featured", "-opening_lower", "title"]

    def __str__(self):
        return self.title_en or self.title or self.slug

    def get_absolute_url(self):
        return remembered_reverse("public:exhibition", args=[self.slug])


class Section(Publishable):
    """A hall, a stand or a theme of an exhibition."""

    exhibition = models.ForeignKey(Exhibition, models.CASCADE, related_name="sections",
                                   verbose_name=_("exhibition"))
    slug = models.SlugField(_("address name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    caption = models.TextField(_("caption"), blank=True)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["exhibition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "slug"], name="unique_section_slug"),
        ]

    def __str__(self):
        return self.title_en or self.title or self.slug

    def get_absolute_url(self):
        return remembered_reverse("public:section", args=[self.exhibition.slug, self.slug])


class Entry(TimeStamped):
    """One place on a section: an item, a person, or a text panel."""

    section = models.ForeignKey(Section, models.CASCADE, related_name="entries",
                                verbose_name=_("section"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    item = models.ForeignKey(Item, models.CASCADE, null=True, blank=True,
                             related_name="entries", verbose_name=_("item"))
    person = models.ForeignKey(Person, models.CASCADE, null=True, blank=True,
                               related_name="entries", verbose_name=_("person"))
    text = models.TextField(_("text panel"), blank=True)
    caption = models.TextField(_("caption"), blank=True)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["section", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(item__isnull=False, person__isnull=True)
                    | models.Q(item__isnull=True, person__isnull=False)
                    | models.Q(item__isnull=True, person__isnull=True)
                ),
                name="entry_item_or_person",
                violation_error_message=_("An entry shows an item or a person, not both."),
            )
        ]

    def __str__(self):
        return str(self.item or self.person or (self.text_en or self.text)[:60])

    def clean(self):
        from django.core.exceptions import ValidationError

        has_text = any(getattr(self, f"text_{code}", "") for code in LANGUAGE_CODES)
        if not (self.item_id or self.person_id or has_text):
            raise ValidationError(_("An entry needs an item, a person or a text."))
