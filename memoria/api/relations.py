"""The links between records: who served in which unit, who took part in what, what an item shows.

Each relation type is a resource of its own with the records' CRUD shape
(list with filters, GET with ETag, POST, PUT/PATCH/DELETE with If-Match):

    /memberships      person member of unit, with a role and EDTF dates
    /participations   person or unit took part in event, with a role
    /item-people      item belonged to / depicts / mentions / written by person
    /item-events      item depicts / mentions / documents event
    /item-places      item made in / depicts / mentions place

References are sent as ids (`person_id`…); an id that names no record is a
422 on that field. Visitors see a relation only when every record it links
is visible, as on the public pages (memoria.archive.visibility).
"""

from ninja import Field

from memoria.api.crud import Filters, record_router
from memoria.api.inputs import RecordId, ItemEventIn, ItemPersonIn, ItemPlaceIn, MembershipIn, ParticipationIn
from memoria.api.schemas import (
    ItemEventOut, ItemPersonOut, ItemPlaceOut, MembershipOut, ParticipationOut,
)
from memoria.archive.models import ItemEvent, ItemPerson, ItemPlace, Membership, Participation


def _filters(*names: str) -> type[Filters]:
    """List filters by the linked records' ids: ?person=3&unit=5."""
    annotations = {name: RecordId | None for name in names}
    defaults = {name: Field(None, description=f"Only links to this {name} (its id).") for name in names}

    def narrow(self, queryset, user):
        for name in names:
            value = getattr(self, name)
            if value is not None:
                queryset = queryset.filter(**{f"{name}_id": value})
        return queryset

    return type("".join(n.title() for n in names) + "Filters", (Filters,),
                {"__annotations__": annotations, **defaults, "narrow": narrow})


def _joined(model, *names):
    return lambda user: model.objects.select_related(*names)


RELATIONS = {
    "memberships": dict(model=Membership, out=MembershipOut, payload=MembershipIn,
                        ends=("person", "unit"), optional=()),
    "participations": dict(model=Participation, out=ParticipationOut, payload=ParticipationIn,
                           ends=("event",), optional=("person", "unit")),
    "item-people": dict(model=ItemPerson, out=ItemPersonOut, payload=ItemPersonIn,
                        ends=("item", "person"), optional=()),
    "item-events": dict(model=ItemEvent, out=ItemEventOut, payload=ItemEventIn,
                        ends=("item", "event"), optional=()),
    "item-places": dict(model=ItemPlace, out=ItemPlaceOut, payload=ItemPlaceIn,
                        ends=("item", "place"), optional=()),
}


def relation_router(prefix: str):
    spec = RELATIONS[prefix]
    ends = spec["ends"] + spec["optional"]
    return record_router(
        model=spec["model"], name=prefix.replace("-", "_"), out=spec["out"], payload=spec["payload"],
        filters=_filters(*ends), queryset=_joined(spec["model"], *ends), citable=False,
    )


routers = {prefix: relation_router(prefix) for prefix in RELATIONS}
