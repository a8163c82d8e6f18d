"""Short permanent addresses of items: /i/<inventory number>.

The inventory number is what a label carries and what stays stable (record ids and
titles may change). Any character may occur in it (slashes, spaces, Cyrillic…), so it is
percent-encoded entirely — slashes too: an encoded slash keeps "." and ".." inside one path
segment, where browsers leave them alone. The server decodes the path before resolving, and
the URL pattern takes the rest of the path whole (<path:…>).
"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from rapidfuzz import fuzz, process, utils

from memoria.archive.models import Item, inventory_key
from memoria.core.i18n import translated
from memoria.core.visibility import visible

PREFIX = "/i/"


def short_path(inventory_number: str) -> str:
    return PREFIX + quote(inventory_number, safe="")


def public_base_url(request) -> str:
    """Where visitors reach the site: MEMORIA_PUBLIC_URL if set (labels printed from an
    internal back-office host must still point to the public one), else this request's host."""
    configured = getattr(settings, "MEMORIA_PUBLIC_URL", "")
    if configured:
        return configured.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/")


def short_url(inventory_number: str, base_url: str) -> str:
    return base_url.rstrip("/") + short_path(inventory_number)


def find_item(inventory_number: str, user) -> Item | None:
    """The item a short address names, if this user may see it: the exact number, or the same
    number typed in another case (someone typing the address by hand; numbers are unique
    whatever their case, archive.models.inventory_key)."""
    items = visible(Item.objects.only("pk", "inventory_number"), user)
    return (items.filter(inventory_number=inventory_number).first()
            or items.filter(inventory_key=inventory_key(inventory_number)).first())


#: How many visible inventory numbers a mistyped address is compared with, at most: the ones
#: sharing its first character come first, so a large archive stays a fast, bounded lookup.
NEAREST_POOL = 50_000


class UnknownInventoryNumber(Http404):
    """No visible item has this number; `suggestions` are the nearest ones this user may see."""

    def __init__(self, inventory_number: str, suggestions: list[dict]):
        super().__init__("No published item has this inventory number.")
        self.inventory_number = inventory_number
        self.suggestions = suggestions


def nearest_items(inventory_number: str, user, limit: int = 5) -> list[dict]:
    """The visible items whose inventory numbers look most like a mistyped one (DEMO-1O → DEMO-10)."""
    typed = inventory_number.strip()
    if not typed:
        return []
    items = visible(Item.objects.all(), user)
    first = typed[0]
    pool = list(items.filter(Q(inventory_number__startswith=first.upper())
                             | Q(inventory_number__startswith=first.lower()))
                .values_list("pk", "inventory_number")[:NEAREST_POOL])
    if len(pool) < limit:
        pool += list(items.exclude(pk__in=[pk for pk, _ in pool])
                     .values_list("pk", "inventory_number")[:NEAREST_POOL])
    numbers = {pk: number for pk, number in pool}
    found = process.extract(typed, numbers, scorer=fuzz.ratio, processor=utils.default_process,
                            limit=limit, score_cutoff=60)
    by_pk = Item.objects.in_bulk([pk for _, _, pk in found])
    return [{"inventory_number": number, "title": translated(by_pk[pk], "title"),
             "url": short_path(number)} for number, _, pk in found if pk in by_pk]
