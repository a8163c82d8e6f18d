"""Small things a reader notices: each language's own typography."""

import pytest

from memoria.archive.models import Item

pytestmark = pytest.mark.django_db


def test_kazakh_month_names_are_lower_case(client, demo):
    html = client.get("/kk/").content.decode()
    assert "1 ақпан 2025 ж." in html
    assert "Ақпан" not in html


def test_french_puts_a_space_before_the_colon(client, demo):
    item = Item.objects.filter(is_published=True, people_links__isnull=False).first()
    html = client.get(f"/fr/items/{item.pk}/").content.decode()
    assert "\u00a0:" in html
    assert "e: <a" not in html and "é: <a" not in html


def test_the_hall_is_not_named_twice(client, demo):
    html = client.get("/en/").content.decode()
    hall = html.split("<dt>Hall</dt>", 1)[1].split("</dd>", 1)[0]
    assert "“XX century”" in hall and "hall" not in hall
