"""The archive: people, units, places, events, items, their media and relations.

Text fields listed in translation.py exist once per language (title_kk,
title_ru, title_en, title_fr). Dates are EDTF strings with sortable bounds.
"""

import unicodedata

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from memoria.core.i18n import Translated, _lang_order, translated
from memoria.core.models import DatedMixin, EDTFField, Publishable, TimeStamped
from memoria.core.urls import remembered_reverse
from memoria.core.validators import validate_not_blank


class Place(Publishable):
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]

    def __str__(self):
        return self.name_en or self.name or f"#{self.pk}"

    def get_absolute_url(self):
        return remembered_reverse("public:place", args=[self.pk])


class Unit(Publishable):
    class Kind(models.TextChoices):
        PARTISAN_REGIMENT = "partisan_regiment", _("Partisan regiment")
        PARTISAN_DETACHMENT = "partisan_detachment", _("Partisan detachment")
        ARMY = "army", _("Army unit")
        ORGANISATION = "organisation", _("Organisation")
        MUSEUM = "museum", _("Museum")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.ORGANISATION)
    description = models.TextField(_("description"), blank=True)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("unit or organisation")
        verbose_name_plural = _("units and organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name_en or self.name or f"#{self.pk}"

    def get_absolute_url(self):
        return remembered_reverse("public:unit", args=[self.pk])


class Person(DatedMixin, Publishable):
    class Sex(models.TextChoices):
        MALE = "male", _("male")
        FEMALE = "female", _("female")
        UNKNOWN = "unknown", _("unknown")

    EDTF_BOUNDS = {
        "birth_date": ("birth_lower", "birth_upper"),
        "death_date": ("death_lower", "death_upper"),
    }

    name = models.CharField(
        _("display name"), max_length=300,
        help_text=_("How the page titles the person, per language. Every spelling goes in the name variants."),
    )
    sort_name = models.CharField(_("sort name"), max_length=300, blank=True,
                                 help_text=_("Surname, given name — in Latin letters."))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = EDTFField(_("birth date"))
    birth_lower = models.DateField(null=True, blank=True, editable=False)
    birth_upper = models.DateField(null=True, blank=True, editable=False)
    birth_place = models.ForeignKey(Place, models.SET_NULL, null=True, blank=True,
                                    related_name="births", verbose_name=_("birth place"))
    death_date = EDTFField(_("death date"))
    death_lower = models.DateField(null=True, blank=True, editable=False)
    death_upper = models.DateField(null=True, blank=True, editable=False)
    death_place = models.ForeignKey(Place, models.SET_NULL, null=True, blank=True,
                                    related_name="deaths", verbose_name=_("death place"))
    roles = models.CharField(_("roles"), max_length=300, blank=True,
                             help_text=_("Short: partisan, ambassador, veteran…"))
    biography = models.TextField(_("biography"), blank=True)
    # Set when a curator merged this record into another (memoria.duplicates.merge): the record
    # stays, unpublished, so that its history, its old URL (a redirect) and an undo keep working.
    merged_into = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, editable=False,
                                    related_name="merged_records", verbose_name=_("merged into"))
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_name", "name"]
        constraints = [
            # The visibility rule of people is their flag alone (the search backends' SQL reads it:
            # core.visibility.flag_column); this keeps a merged-away record from ever being public.
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True) | models.Q(is_published=False),
                name="person_merged_away_unpublished",
                violation_error_message=_("This person was merged into another record and stays "
                                          "unpublished; undo the merge to publish it again."),
            ),
        ]

    def __str__(self):
        return self.name_en or self.name or f"#{self.pk}"

    def get_absolute_url(self):
        return remembered_reverse("public:person", args=[self.pk])

    # -- how the name is displayed: every page, search result and hint asks here
    def display_name(self, lang: str | None = None) -> Translated:
        """The name to title the person with in `lang` (the active language by default): the
        display name written for that language; else the archive's spelling in that language
        (official, then archive, then transliteration), so that a Kazakh page shows a Kazakh
        spelling rather than another language's display name; else the display name in the
        first fallback language that has one (marked as a fallback)."""
        shown = translated(self, "name", lang)
        if shown and not shown.is_fallback:
            return shown
        wanted = _lang_order(lang)[0]
        rank = {kind: n for n, kind in enumerate(_DISPLAY_KINDS)}
        own = sorted((v for v in self.name_variants.all()
                      if v.language == wanted and v.kind in rank and v.text.strip()),
                     key=lambda v: rank[v.kind])
        return Translated(own[0].text, wanted, False) if own else shown

    def also_written(self, lang: str | None = None) -> list[str]:
        """The person's other spellings, each once: every name variant but the display name."""
        shown = self.display_name(lang).text.strip()
        return [text for text, _variants in self.spellings() if text != shown]

    def spellings(self) -> list[tuple[str, list["NameVariant"]]]:
        """The name variants as (text, the variants written so) in order, each text once: a
        spelling shared by the Russian and the Kazakh sources is listed once."""
        grouped: dict[str, list[NameVariant]] = {}
        for variant in self.name_variants.all():
            grouped.setdefault(variant.text.strip(), []).append(variant)
        return list(grouped.items())


class NameVariant(TimeStamped):
    """One spelling of a person's name, as written somewhere."""

    class Script(models.TextChoices):
        CYRILLIC = "Cyrl", _("Cyrillic")
        LATIN = "Latn", _("Latin")
        OTHER = "Zyyy", _("Other")

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official")
        ARCHIVE = "archive", _("archive spelling")
        TRANSLITERATION = "transliteration", _("transliteration")
        NICKNAME = "nickname", _("nickname")

    person = models.ForeignKey(Person, models.CASCADE, related_name="name_variants",
                               verbose_name=_("person"))
    text = models.CharField(_("spelling"), max_length=300, validators=[validate_not_blank])
    script = models.CharField(_("script"), max_length=4, choices=Script.choices, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True,
                                help_text=_("e.g. kk, ru, en, fr, de"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ARCHIVE)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "text", "language"],
                                    name="unique_spelling_per_person_and_language"),
        ]

    def __str__(self):
        return self.text


#: Name variants that may title a person, most authoritative first (a nickname never does).
_DISPLAY_KINDS = (NameVariant.Kind.OFFICIAL, NameVariant.Kind.ARCHIVE, NameVariant.Kind.TRANSLITERATION)


class Event(DatedMixin, Publishable):
    class Kind(models.TextChoices):
        WAR = "war", _("War")
        BATTLE = "battle", _("Battle")
        LIBERATION = "liberation", _("Liberation")
        PARADE = "parade", _("Parade")
        COMMEMORATION = "commemoration", _("Commemoration")
        EXHIBITION_OPENING = "exhibition_opening", _("Exhibition opening")
        OTHER = "other", _("Other")

    EDTF_BOUNDS = {"date": ("date_lower", "date_upper")}

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    date = EDTFField(_("date"))
    date_lower = models.DateField(null=True, blank=True, editable=False, db_index=True)
    date_upper = models.DateField(null=True, blank=True, editable=False)
    places = models.ManyToManyField(Place, blank=True, related_name="events", verbose_name=_("places"))
    description = models.TextField(_("description"), blank=True)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date_lower", "title"]

    def __str__(self):
        return self.title_en or self.title or f"#{self.pk}"

    def get_absolute_url(self):
        return remembered_reverse("public:event", args=[self.pk])


def inventory_key(number: str) -> str:
    """The form in which two inventory numbers are the same: "DEMO-01", "demo-01" and "Демо-01"
    against "ДЕМО-01" (Unicode case folding and compatibility forms; the database's own
    case-insensitive comparison folds only ASCII on SQLite)."""
    return unicodedata.normalize("NFKC", number.strip()).casefold()


class Item(DatedMixin, Publishable):
    class Kind(models.TextChoices):
        OBJECT = "object", _("Object")
        DOCUMENT = "document", _("Document")
        PHOTOGRAPH = "photograph", _("Photograph")
        PUBLICATION = "publication", _("Publication")
        AUDIO_VIDEO = "audio_video", _("Audio or video")

    EDTF_BOUNDS = {"date_made": ("date_lower", "date_upper")}

    inventory_number = models.CharField(
        _("inventory number"), max_length=64, unique=True,
        help_text=_("Unique in the archive."),
        error_messages={"unique": _("Another item already has this inventory number.")},
        validators=[validate_not_blank],
    )
    # inventory_key(inventory_number), unique: numbers differing only by case are one number.
    # Empty (NULL) only for the items of an older archive that already had such twins.
    inventory_key = models.CharField(max_length=128, unique=True, null=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OBJECT)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    date_made = EDTFField(_("date made"))
    date_lower = models.DateField(null=True, blank=True, editable=False)
    date_upper = models.DateField(null=True, blank=True, editable=False)
    origin = models.CharField(_("origin"), max_length=300, blank=True)
    material = models.CharField(_("material"), max_length=300, blank=True)
    dimensions = models.CharField(_("dimensions"), max_length=200, blank=True)
    provenance = models.TextField(_("provenance"), blank=True)
    is_original = models.BooleanField(
        _("original"), null=True, blank=True,
        help_text=_("Yes = original, No = copy, unknown = not stated."),
    )
    rights = models.CharField(_("rights"), max_length=300, blank=True)
    transcription = models.TextField(_("transcription"), blank=True)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["inventory_number"]

    def __str__(self):
        return f"{self.inventory_number} — {self.title_en or self.title}"

    def save(self, *args, **kwargs):
        self.inventory_key = inventory_key(self.inventory_number)
        if kwargs.get("update_fields") is not None and "inventory_number" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "inventory_key"}
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        if exclude and "inventory_number" in exclude:
            return
        twin = (Item.objects.filter(inventory_key=inventory_key(self.inventory_number)).exclude(pk=self.pk)
                .values_list("inventory_number", flat=True).first())
        if twin is not None:
            raise ValidationError({"inventory_number": _(
                "Another item already has this inventory number, written “%(number)s”: inventory "
                "numbers are the same whatever their case.") % {"number": twin}})

    def get_absolute_url(self):
        return remembered_reverse("public:item", args=[self.pk])


def media_upload_to(instance, filename):
    # The stored name never comes from the uploader: it cannot carry a path
    # or a misleading extension.
    import uuid

    return f"media/{uuid.uuid4().hex}{instance.extension_for_upload()}"


class Media(TimeStamped):
    """A file of an item or a person: a scan, a photograph, a PDF."""

    item = models.ForeignKey(Item, models.CASCADE, null=True, blank=True, related_name="media",
                             verbose_name=_("item"))
    person = models.ForeignKey(Person, models.CASCADE, null=True, blank=True, related_name="media",
                               verbose_name=_("person"))
    file = models.FileField(_("file"), upload_to=media_upload_to, max_length=300)
    content_type = models.CharField(max_length=100, editable=False)
    # The name the file had on the curator's computer: shown in the back office and given to
    # downloads (the stored name is random, see media_upload_to).
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    display = models.ImageField(upload_to="derivatives/", blank=True, editable=False,
                                max_length=300)
    thumbnail = models.ImageField(upload_to="derivatives/", blank=True, editable=False,
                                  max_length=300)
    # What visitors download: the original without GPS, serial numbers, names, comments
    # (archive.public_copy); the master `file` stays as it was uploaded.
    public_file = models.FileField(_("public copy"), upload_to="public/", blank=True, editable=False,
                                   max_length=300)
    public_copy_removed = models.JSONField(_("removed from the public copy"), default=list, blank=True,
                                           editable=False)
    alt_text = models.CharField(_("alt text"), max_length=500, blank=True,
                                help_text=_("What the image shows, for people who cannot see it."))
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    allow_download = models.BooleanField(_("original downloadable"), default=False,
                                         help_text=_("Only when the rights allow it."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("media file")
        verbose_name_plural = _("media files")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False) | models.Q(person__isnull=False),
                name="media_belongs_to_item_or_person",
            )
        ]

    def __str__(self):
        return self.file.name

    def extension_for_upload(self) -> str:
        from memoria.archive.media import EXTENSIONS

        return EXTENSIONS.get(self.content_type, "")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# --- Relations: each carries a role and dates, and may cite sources. ---------


class Membership(DatedMixin, TimeStamped):
    """Person *member of* unit."""

    EDTF_BOUNDS = {"date": ("date_lower", "date_upper")}

    person = models.ForeignKey(Person, models.CASCADE, related_name="memberships",
                               verbose_name=_("person"))
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="memberships", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=200, blank=True)
    date = EDTFField(_("dates"))
    date_lower = models.DateField(null=True, blank=True, editable=False)
    date_upper = models.DateField(null=True, blank=True, editable=False)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["date_lower", "pk"]

    def __str__(self):
        return f"{self.person} — {self.unit}"


class Participation(TimeStamped):
    """Person or unit *took part in* event."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="participations",
                              verbose_name=_("event"))
    person = models.ForeignKey(Person, models.CASCADE, null=True, blank=True,
                               related_name="participations", verbose_name=_("person"))
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True,
                             related_name="participations", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=200, blank=True)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False, unit__isnull=True)
                           | models.Q(person__isnull=True, unit__isnull=False)),
                name="participation_person_xor_unit",
                violation_error_message=_("Choose either a person or a unit, not both."),
            )
        ]

    def __str__(self):
        return f"{self.person or self.unit} — {self.event}"


class ItemPerson(TimeStamped):
    class Role(models.TextChoices):
        BELONGED_TO = "belonged_to", _("belonged to")
        DEPICTS = "depicts", _("depicts")
        MENTIONS = "mentions", _("mentions")
        WRITTEN_BY = "written_by", _("written by")

    item = models.ForeignKey(Item, models.CASCADE, related_name="people_links", verbose_name=_("item"))
    person = models.ForeignKey(Person, models.CASCADE, related_name="item_links",
                               verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("item ↔ person")
        verbose_name_plural = _("items ↔ people")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.item} {self.get_role_display()} {self.person}"


class ItemEvent(TimeStamped):
    class Role(models.TextChoices):
        DEPICTS = "depicts", _("depicts")
        MENTIONS = "mentions", _("mentions")
        DOCUMENTS = "documents", _("documents")

    item = models.ForeignKey(Item, models.CASCADE, related_name="event_links", verbose_name=_("item"))
    event = models.ForeignKey(Event, models.CASCADE, related_name="item_links", verbose_name=_("event"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("item ↔ event")
        verbose_name_plural = _("items ↔ events")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.item} {self.get_role_display()} {self.event}"


class ItemPlace(TimeStamped):
    class Role(models.TextChoices):
        MADE_IN = "made_in", _("made in")
        DEPICTS = "depicts", _("depicts")
        MENTIONS = "mentions", _("mentions")

    item = models.ForeignKey(Item, models.CASCADE, related_name="place_links", verbose_name=_("item"))
    place = models.ForeignKey(Place, models.CASCADE, related_name="item_links", verbose_name=_("place"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    citations = GenericRelation("sources.Citation")

    class Meta:
        verbose_name = _("item ↔ place")
        verbose_name_plural = _("items ↔ places")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.item} {self.get_role_display()} {self.place}"
