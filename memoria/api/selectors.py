"""The API's reads that are more than a list or a record: citations and media files of a record.

Who sees what is memoria.core.visibility's rule, as on the site; a hidden
record is "not found" (NotFound → 404), never "forbidden".
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from memoria.archive.models import Media
from memoria.archive.services import owner_field
from memoria.core.errors import NotFound
from memoria.core.visibility import visible
from memoria.sources.models import Citation
from memoria.sources.visibility import citation_visible


def visible_record(queryset, pk, user):
    obj = visible(queryset, user).filter(pk=pk).first()
    if obj is None:
        raise NotFound
    return obj


def citations_of(model, pk: int, user):
    """The citations of one visible record that `user` may see."""
    visible_record(model.objects.all(), pk, user)
    citations = Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=pk
    ).select_related("content_type").order_by("pk")
    return visible(citations, user)


def citation_for(pk: int, user) -> Citation:
    """One citation, if its source and the record it cites are visible to `user`."""
    citation = Citation.objects.select_related("content_type", "source").filter(pk=pk).first()
    if citation is None or not citation_visible(citation, user):
        raise NotFound
    return citation


def media_of(model, pk: int, user):
    """The files of one record `user` may see (NotFound when the record itself is hidden)."""
    visible_record(model.objects.all(), pk, user)
    return visible(Media.objects.filter(**{owner_field(model): pk}), user).order_by("position", "pk")


def media_for(pk: int, user) -> Media:
    return visible_record(Media.objects.all(), pk, user)
