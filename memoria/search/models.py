"""The name index: every spelling of every person, with its search keys.

Keys come from memoria.names (cross-script phonetic keys). They are stored
encoded in one text column per spelling; the database's own text index over
that column (SQLite FTS5, PostgreSQL GIN — see name_backends.py and the
migrations) answers "which spellings share these keys", and memoria.names
then scores those few candidates.
"""

from django.db import models

from memoria.archive.models import NameVariant, Person


class IndexedName(models.Model):
    """One spelling of a person: a name variant, or a display name (variant empty)."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    variant = models.ForeignKey(NameVariant, models.CASCADE, null=True, blank=True, related_name="+")
    text = models.CharField(max_length=300)
    keys = models.TextField(help_text="search keys, encoded by name_backends.encode_keys")

    class Meta:
        indexes = [models.Index(fields=["person", "variant"])]

    def __str__(self):
        return self.text


class SearchDocument(models.Model):
    """One public record as the full-text search sees it (see memoria/search/fulltext.py).

    `text` holds every language's words at once, folded (memoria.search.normalize), so a
    query in any language and script finds the record; the database's text index over it is
    FTS5 on SQLite and a stored tsvector with a GIN index on PostgreSQL (migration 0004).
    Titles, snippet text and the thumbnail are copied here so that a result page needs no
    query per record. Facet values live in SearchFacet.
    """

    class RecordType(models.TextChoices):
        ITEM = "item"
        PERSON = "person"
        EVENT = "event"
        PLACE = "place"
        UNIT = "unit"
        SOURCE = "source"
        EXHIBITION = "exhibition"
        SECTION = "section"

    record_type = models.CharField(max_length=12, choices=RecordType.choices)
    object_id = models.PositiveBigIntegerField()
    is_public = models.BooleanField(default=False, help_text="published: visitors may find it")
    kind = models.CharField(max_length=32, blank=True)
    titles = models.JSONField(default=dict, help_text="language code → title")
    texts = models.JSONField(default=dict, help_text="language code → plain text for snippets")
    url_args = models.JSONField(default=list, help_text="arguments of the record's public URL")
    thumbnail = models.CharField(max_length=300, blank=True, help_text="stored name of a thumbnail")
    has_images = models.BooleanField(default=False)
    year_lower = models.IntegerField(null=True, blank=True)
    year_upper = models.IntegerField(null=True, blank=True)
    text = models.TextField(help_text="every language's words, folded: what the index reads")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_type", "object_id"], name="unique_search_document"),
        ]
        # A search by record type alone reads one type's documents newest first from here
        # and stops after a page's worth (fulltext_backends.everything); the other filter
        # columns ride along so that SQLite never reads the wide rows.
        indexes = [models.Index(fields=["record_type", "id", "is_public", "has_images", "year_lower",
                                        "year_upper"], name="search_document_type_idx")]

    def __str__(self):
        return f"{self.record_type} #{self.object_id}"


class SearchFacet(models.Model):
    """One facet value of a document: kind, place, unit, event, decade or images."""

    document = models.ForeignKey(SearchDocument, models.CASCADE, related_name="facets",
                                 db_index=False)  # search_facet_doc_idx leads with it
    name = models.CharField(max_length=8)
    value = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["name", "value", "document"], name="search_facet_value_idx"),
            models.Index(fields=["document", "name", "value"], name="search_facet_doc_idx"),
        ]

    def __str__(self):
        return f"{self.name}={self.value}"
