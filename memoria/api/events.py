"""Events; `date_from`/`date_to` find those whose (uncertain) dates overlap the range."""

from typing import Literal

from django.db.models import Prefetch, Q
from ninja import Field

from memoria.api.crud import Filters, IsoDate, record_router
from memoria.api.inputs import EventIn
from memoria.api.schemas import EventOut
from memoria.archive.models import Event, Place
from memoria.core.visibility import visible


class EventFilters(Filters):
    kind: Literal[tuple(Event.Kind.values)] | None = None  # inline: every model names its enum "Kind"
    date_from: IsoDate | None = Field(None, description="Events that may have happened on or after this day.")
    date_to: IsoDate | None = Field(None, description="Events that may have happened on or before this day.")

    def narrow(self, queryset, user):
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        # "1944" overlaps a range that ends in 1944 or later and starts in 1944 or earlier;
        # an open end (null bound) overlaps everything on that side.
        if self.date_from:
            queryset = queryset.filter(Q(date_upper__gte=self.date_from) | Q(date_upper__isnull=True,
                                                                              date_lower__isnull=False))
        if self.date_to:
            queryset = queryset.filter(Q(date_lower__lte=self.date_to) | Q(date_lower__isnull=True,
                                                                           date_upper__isnull=False))
        return queryset


def events(user):
    return Event.objects.prefetch_related(Prefetch("places", queryset=visible(Place.objects, user)))


router = record_router(model=Event, name="events", out=EventOut, payload=EventIn, filters=EventFilters,
                       queryset=events)
