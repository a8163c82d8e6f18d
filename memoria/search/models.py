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
