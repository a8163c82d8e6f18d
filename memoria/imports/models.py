"""The one thing imports need to remember: which relation an imported row made.

Records (people, items, …) carry their own `external_id`; relations do not,
so a relation row's external id is kept here. Re-importing the row finds the
relation again instead of adding a copy.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedRelation(models.Model):
    external_id = models.CharField(max_length=100, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    relation = GenericForeignKey("content_type", "object_id")

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.external_id
