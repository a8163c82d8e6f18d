"""Items of the collection, with their media files' URLs."""

from typing import Literal

from django.db.models import Prefetch
from ninja import Field

from memoria.api.crud import Filters, FilterText, record_router
from memoria.api.media_files import add_owner_routes
from memoria.api.inputs import ItemIn
from memoria.api.schemas import ItemOut
from memoria.archive.models import Item, Media
from memoria.core.visibility import visible


class ItemFilters(Filters):
    kind: Literal[tuple(Item.Kind.values)] | None = None  # inline: every model names its enum "Kind"
    inventory_number: FilterText | None = Field(None, description="Exact inventory number, e.g. DEMO-01.")

    def narrow(self, queryset, user):
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.inventory_number:
            queryset = queryset.filter(inventory_number=self.inventory_number)
        return queryset


def items(user):
    return Item.objects.prefetch_related(Prefetch("media", queryset=visible(Media.objects.order_by("position", "pk"), user)))


router = record_router(model=Item, name="items", out=ItemOut, payload=ItemIn, filters=ItemFilters,
                       queryset=items)
add_owner_routes(router, Item, "items")
