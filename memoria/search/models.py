"""The name index: every spelling of every person, and its search keys.

Keys come from memoria.names (cross-script phonetic keys). A search looks
its query's keys up in NameKey (an indexed column), scores the few
candidate spellings with memoria.names, and groups them by person.
"""

from django.db import models

from memoria.archive.models import NameVariant, Person


class IndexedName(models.Model):
    """One spelling of a person: a name variant, or a display name (variant empty)."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="+")
    variant = models.ForeignKey(NameVariant, models.CASCADE, null=True, blank=True, related_name="+")
    text = models.CharField(max_length=300)

    class Meta:
        indexes = [models.Index(fields=["person", "variant"])]

    def __str__(self):
        return self.text


class NameKey(models.Model):
    name = models.ForeignKey(IndexedName, models.CASCADE, related_name="keys")
    key = models.CharField(max_length=32)

    class Meta:
        # (key, name) covers the look-up: the search never reads the table itself.
        indexes = [models.Index(fields=["key", "name"], name="namekey_key_name")]

    def __str__(self):
        return self.key
