"""Objects without photographs are shown as designed cards: their kind's pictogram, title and
inventory number, never a grey "no photograph" box. The items are SYNTHETIC test data."""

import re

import pytest

from memoria.archive.models import Item

pytestmark = pytest.mark.django_db


def test_every_kind_of_item_has_its_pictogram(client):
    for kind in Item.Kind:
        Item.objects.create(inventory_number=f"TEST-KIND-{kind.value}", kind=kind,
                            title_en=f"Test item of kind {kind.label}", is_published=True)
    html = client.get("/en/items/").content.decode()
    cards = re.findall(r'<li class="card item-card no-photo">(.*?)</li>', html, re.DOTALL)
    assert len(cards) == len(Item.Kind)
    for kind in Item.Kind:
        card = next(card for card in cards if f"TEST-KIND-{kind.value}" in card)
        assert '<span class="kind-mark"><svg class="icon" aria-hidden="true"' in card, kind
        assert f'<span class="kind">{kind.label}</span>' in card
    # Each kind its own drawing.
    drawings = {re.search(r"<svg.*?</svg>", card, re.DOTALL).group(0) for card in cards}
    assert len(drawings) == len(Item.Kind)


def test_the_exhibition_leads_with_its_story_and_shows_no_empty_picture(client, demo):
    html = client.get("/en/").content.decode()
    assert "No photograph of this item yet" not in html
    assert html.count('class="card item-card no-photo"') == Item.objects.filter(entries__isnull=False).count()
    # The introduction comes before the first object; the ways into the archive are there.
    assert html.index('class="exhibition-lead"') < html.index('class="card item-card')
    for path in ["/en/map/", "/en/timeline/", "/en/people/", "/en/items/"]:
        assert f'href="{path}"' in html
    assert 'Inventory number: <span class="inventory-number">DEMO-01</span>' in html
