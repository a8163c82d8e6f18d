"""Inventory numbers are one number whatever their case — in the back office, the API, the import
and on the labels' short addresses."""

import pytest

from memoria.archive.models import Item
from tests.admin.forms import form_data

from .conftest import csv_bytes, run_import
from .test_search_after_import import ITEMS_HEADER, item_row

pytestmark = pytest.mark.django_db


def test_the_back_office_refuses_a_number_differing_only_by_case(curator_client, demo):
    page = curator_client.get("/admin/archive/item/add/")
    data = {**form_data(page), "inventory_number": "demo-01", "kind": "object", "title_en": "Synthetic test item"}
    response = curator_client.post("/admin/archive/item/add/", data)
    assert response.status_code == 200  # the form again, with the reason
    assert "written “DEMO-01”" in response.content.decode()
    assert not Item.objects.filter(inventory_number="demo-01").exists()


def test_cyrillic_numbers_too(curator):
    from memoria.core import services

    services.create(Item, {"inventory_number": "ИНВ-7", "title_en": "Synthetic test item"}, curator)
    with pytest.raises(Exception) as refused:
        services.create(Item, {"inventory_number": "инв-7", "title_en": "Synthetic test item 2"}, curator)
    assert "ИНВ-7" in str(refused.value)


def test_the_import_refuses_case_twins_in_the_file_and_in_the_archive(db, tmp_path):
    Item.objects.create(inventory_number="SYN-00001", title_en="Synthetic item", external_id="syn:item:00001")
    rows = [item_row(2), item_row(3, "Synthetic twin"), item_row(4)]
    rows[1]["inventory_number"] = "syn-00002"          # twin of row 2 in the file
    rows[2]["inventory_number"] = "Syn-00001"           # twin of an item of the archive
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(ITEMS_HEADER, rows))
    run = run_import(path)
    assert run.code != 0
    assert "is also on row 2 (written “SYN-00002”)" in run.out
    assert "written “SYN-00001”" in run.out
    assert not Item.objects.filter(inventory_number__in=["syn-00002", "Syn-00001"]).exists()


def test_an_imported_item_gets_its_key_and_the_short_address_finds_it_in_any_case(db, tmp_path, client):
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes(ITEMS_HEADER, [item_row(5)]))
    assert run_import(path).code == 0
    item = Item.objects.get(inventory_number="SYN-00005")
    assert item.inventory_key == "syn-00005"
    assert client.get("/i/syn-00005")["Location"] == f"/en/items/{item.pk}/"
