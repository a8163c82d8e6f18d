"""Citations: which source backs which fact of which record.

A citation names the record it backs by kind and id ({"type": "person", "id": 3});
the plain record actions (memoria.core.services) do the rest.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from memoria.core import services as records
from memoria.sources.models import Citation

#: The kinds of record a citation may back, by name; each domain adds its own (`citable`).
CITABLE: dict[str, type] = {}


def citable(name: str, model) -> None:
    CITABLE[name] = model


def citable_name(model) -> str | None:
    return next((name for name, m in CITABLE.items() if m is model), None)


def _citation_values(data: dict) -> dict:
    """{"record": {"type": "person", "id": 3}} → content_type and object_id, checked to exist."""
    data = dict(data)
    record = data.pop("record", None)
    if record is not None:
        name = record["type"]
        if name not in CITABLE:
            raise ValidationError({"record.type": f"Choose one of: {', '.join(CITABLE)}."})
        model = CITABLE[name]
        if not model.objects.filter(pk=record["id"]).exists():
            raise ValidationError({"record.id": f"No {name} with id {record['id']}."})
        data["content_type"] = ContentType.objects.get_for_model(model)
        data["object_id"] = record["id"]
    return data


@transaction.atomic
def citation_create(data: dict, user) -> Citation:
    records.require_permission(user, Citation, "add")  # before the data is looked at
    if data.get("record") is None:
        raise ValidationError({"record": "A citation cites a record: give its type and id."})
    return records.create(Citation, _citation_values(data), user)


@transaction.atomic
def citation_update(pk: int, data: dict, user, version: str | None) -> Citation:
    records.require_permission(user, Citation, "change")  # before the data is looked at
    return records.update(Citation, pk, _citation_values(data), user, version)
