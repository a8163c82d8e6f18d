"""After an import the public searches find what it wrote — the same index a save or a rebuild writes.

SYNTHETIC people and items only.
"""

from django.core.management import call_command
from django.db import connection

from memoria.archive.models import Item, Membership, Person, Unit
from memoria.imports import schema
from memoria.imports.writers import WRITERS
from memoria.search.models import IndexedName, SearchDocument, SearchFacet

from .conftest import csv_bytes, person_row, run_import

ITEMS_HEADER = ["external_id", "inventory_number", "kind", "title_en", "title_ru", "date_made", "is_published"]


def item_row(n: int, title: str = "") -> dict:
    return {"external_id": f"syn:item:{n:05d}", "inventory_number": f"SYN-{n:05d}", "kind": "document",
            "title_en": title or f"Synthetic field radio {n} wombatphone", "title_ru": f"Синтетическая рация {n}",
            "date_made": "1943~", "is_published": "yes"}


def found(client, query: str) -> str:
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def index_state():
    documents = sorted(SearchDocument.objects.values_list("record_type", "object_id", "text", "is_public",
                                                          "titles", "year_lower", "year_upper"))
    facets = sorted(SearchFacet.objects.values_list("document__record_type", "document__object_id", "name",
                                                    "value"))
    names = sorted(IndexedName.objects.values_list("person_id", "variant_id", "text", "keys"),
                   key=lambda row: (row[0], row[1] or 0, row[2]))
    return documents, facets, names


def test_imported_people_and_items_are_found_and_follow_a_reimport(db, tmp_path, people_file, client):
    people = people_file([person_row(n) for n in range(1, 301)])
    items = tmp_path / "items.csv"
    items.write_bytes(csv_bytes(ITEMS_HEADER, [item_row(n) for n in range(1, 201)]))
    assert run_import(people).code == 0
    result = run_import(items)
    assert result.code == 0, result.out

    person = Person.objects.get(external_id="syn:person:00042")
    item = Item.objects.get(external_id="syn:item:00042")
    assert str(item.date_lower) == "1943-01-01"
    # The name search, by the German spelling of a variant; the full-text search, by title words.
    german = person_row(42)["variants"].split("|")[0]
    assert f"/en/people/{person.pk}/" in found(client, german)
    assert f"/en/items/{item.pk}/" in found(client, "wombatphone 42")
    assert f"/en/items/{item.pk}/" in found(client, "рация 42")
    # Written in bulk, the index is exactly what the per-record writers would have written.
    state = index_state()
    call_command("reindex", verbosity=0)
    call_command("reindex-names", verbosity=0)
    assert index_state() == state

    # A changed row is re-indexed: the old words go, the new ones are found.
    items.write_bytes(csv_bytes(ITEMS_HEADER, [item_row(n) for n in range(1, 201) if n != 42]
                                + [item_row(42, "Synthetic field telephone 42 okapiset")]))
    result = run_import(items)
    assert "0 created, 1 updated, 199 unchanged" in result.out, result.out
    assert f"/en/items/{item.pk}/" not in found(client, "wombatphone 42")
    assert f"/en/items/{item.pk}/" in found(client, "okapiset")
    rows = [person_row(n) for n in range(1, 301)]
    rows[41] = person_row(42, variants=person_row(42)["variants"] + "; Synthetic Zyxquorthan|en|nickname")
    assert "1 updated" in run_import(people_file(rows)).out
    assert f"/en/people/{person.pk}/" in found(client, "Zyxquorthan")
    assert f"/en/people/{person.pk}/" in found(client, german)


def test_deleting_an_imported_person_takes_its_index_rows_along(db, people_file):
    run_import(people_file([person_row(n) for n in range(1, 4)]))
    person = Person.objects.get(external_id="syn:person:00002")
    Membership.objects.create(person=person, unit=Unit.objects.create(name_en="Synthetic Detachment"))
    assert IndexedName.objects.filter(person=person).count() > 4
    person.delete()
    connection.check_constraints()  # no index row left pointing at the deleted person
    assert not IndexedName.objects.filter(person_id=person.pk).exists()
    assert not SearchDocument.objects.filter(record_type="person", object_id=person.pk).exists()


def test_every_kind_of_table_has_its_writer():
    assert set(WRITERS) == set(schema.KINDS)
