"""Sources: what the archive's facts rest on."""

from typing import Literal

from memoria.api.crud import Filters, record_router
from memoria.api.inputs import SourceIn
from memoria.api.schemas import SourceOut
from memoria.sources.models import Source


class SourceFilters(Filters):
    kind: Literal[tuple(Source.Kind.values)] | None = None  # inline: every model names its enum "Kind"

    def narrow(self, queryset, user):
        return queryset.filter(kind=self.kind) if self.kind else queryset


router = record_router(model=Source, name="sources", out=SourceOut, payload=SourceIn, filters=SourceFilters,
                       citable=False)  # sources are cited, they cite nothing
