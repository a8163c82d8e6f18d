"""Units and organisations."""

from typing import Literal

from memoria.api.crud import Filters, record_router
from memoria.api.inputs import UnitIn
from memoria.api.schemas import UnitOut
from memoria.archive.models import Unit


class UnitFilters(Filters):
    kind: Literal[tuple(Unit.Kind.values)] | None = None  # inline: every model names its enum "Kind"

    def narrow(self, queryset, user):
        return queryset.filter(kind=self.kind) if self.kind else queryset


router = record_router(model=Unit, name="units", out=UnitOut, payload=UnitIn, filters=UnitFilters)
