"""XLSX workbooks, relations with citations, and CSV export → edit → import round trips."""

import csv
import io

from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from memoria.archive.models import Event, Item, ItemPerson, Membership, Person, Place, Unit
from memoria.imports.export import neutralise
from memoria.sources.models import Citation

from .conftest import person_row, run_import


def workbook_file(path, sheets: dict):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


SHEETS = {
    "Sources": [["external_id", "kind", "title_en"], ["syn:source:1", "book", "Synthetic Source Book"]],
    "Places": [["external_id", "name_en", "latitude", "longitude"], ["syn:place:1", "Synthetic Town", -12.5, 45.25]],
    "Units": [["external_id", "name_en", "kind"], ["syn:unit:1", "Synthetic Detachment", "partisan_detachment"]],
    "People": [["external_id", "name_en", "name_ru", "birth_date", "birth_place", "variants"],
               ["syn:person:1", "Synthetic Person One", "Синтетический Первый", 1920, "syn:place:1",
                "Sintetik Birinshi|kk-Latn|transliteration"]],
    "Events": [["external_id", "title_en", "date", "places"], ["syn:event:1", "Synthetic event", "1944-08", "syn:place:1"]],
    "Items": [["external_id", "inventory_number", "title_en", "is_original"],
              ["syn:item:1", "SYN-0001", "Synthetic item", True]],
    "Relations": [["external_id", "relation", "person", "unit", "item", "role", "role_ru", "date", "source", "locator", "quote"],
                  ["syn:rel:1", "membership", "syn:person:1", "syn:unit:1", None, "fighter", "боец", "1943/1944",
                   "syn:source:1", "p. 12", "Synthetic quotation."],
                  ["syn:rel:2", "item_person", "syn:person:1", None, "syn:item:1", "belonged_to", None, None,
                   "syn:source:1", "p. 13", ""]],
}


def test_workbook_with_one_sheet_per_kind_resolves_references_inside_the_file(db, tmp_path):
    path = workbook_file(tmp_path / "archive.xlsx", SHEETS)
    dry = run_import(path, "--dry-run")
    assert dry.code == 0, dry.out
    assert "relations: 2 created" in dry.out and not Person.objects.exists()
    result = run_import(path)
    assert result.code == 0, result.out
    person = Person.objects.get()
    assert person.birth_place == Place.objects.get() and person.birth_date == "1920"
    assert str(Place.objects.get().latitude) == "-12.500000"
    assert list(Event.objects.get().places.all()) == [Place.objects.get()]
    assert Item.objects.get().is_original is True
    membership = Membership.objects.get()
    assert (membership.role_en, membership.role_ru, membership.date) == ("fighter", "боец", "1943/1944")
    assert membership.unit == Unit.objects.get()
    cite = Citation.objects.get(object_id=membership.pk, content_type__model="membership")
    assert (cite.locator, cite.quote) == ("p. 12", "Synthetic quotation.")
    assert ItemPerson.objects.get().role == "belonged_to"
    assert "0 created, 0 updated" in run_import(path).out and Membership.objects.count() == 1

    SHEETS["Relations"][1][6] = "боец отряда"      # a changed relation row updates that relation
    result = run_import(workbook_file(tmp_path / "archive.xlsx", SHEETS))
    assert "relations: 0 created, 1 updated, 1 unchanged" in result.out
    assert Membership.objects.get().role_ru == "боец отряда"


def test_export_edit_import_round_trip_through_xlsx(db, people_file, tmp_path):
    run_import(people_file([person_row(n) for n in range(1, 6)]))
    exported = tmp_path / "people-export.csv"
    call_command("export-csv", "people", str(exported), stdout=io.StringIO())
    rows = list(csv.reader(io.StringIO(exported.read_text(encoding="utf-8-sig"))))
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.active.cell(row=3, column=rows[0].index("name_en") + 1, value="Synthetic Edited Name")
    edited = tmp_path / "people-edited.xlsx"
    workbook.save(edited)
    result = run_import(edited)
    assert result.code == 0, result.out
    assert "0 created, 1 updated, 4 unchanged" in result.out
    assert Person.objects.get(external_id="syn:person:00002").name_en == "Synthetic Edited Name"


def test_export_neutralises_formulas_but_not_numbers(db, people_file, tmp_path):
    run_import(people_file([person_row(1, name_en="=cmd|' /C calc'!A0", sort_name="-Synthetic",
                                       biography_en="+Synthetic biography")]))
    place = tmp_path / "places.csv"
    place.write_text("external_id,name_en,latitude,longitude\nsyn:place:1,+Synthetic Place,-12.5,-0.25\n")
    run_import(place)
    out = io.StringIO()
    call_command("export-csv", "people", stdout=out)
    person = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert person["name_en"] == "'=cmd|' /C calc'!A0"
    assert person["sort_name"] == "'-Synthetic"
    assert person["biography_en"] == "'+Synthetic biography"
    out = io.StringIO()
    call_command("export-csv", "places", stdout=out)
    exported = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (exported["name_en"], exported["latitude"], exported["longitude"]) == ("'+Synthetic Place", "-12.5", "-0.25")
    assert neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("\rx") == "'\rx" and neutralise("\tx") == "'\tx"
    # Importing the export gives back the text as it was: the ' is taken away again.
    again = tmp_path / "people-again.csv"
    call_command("export-csv", "people", str(again), stdout=io.StringIO())
    assert "1 unchanged" in run_import(again).out
    assert Person.objects.get().name_en == "=cmd|' /C calc'!A0"


def test_demo_export_reimports_unchanged(demo, tmp_path):
    for kind in ("sources", "places", "units", "people", "events", "items", "relations"):
        path = tmp_path / f"{kind}.csv"
        call_command("export-csv", kind, str(path), stdout=io.StringIO())
        result = run_import(path)
        assert result.code == 0, result.out
        assert " 0 created, 0 updated, " in result.out and " 0 rejected" in result.out, result.out


def test_templates_import_as_nothing_but_a_skipped_example(db, tmp_path):
    from memoria.imports.export import template_csv, template_xlsx
    from memoria.imports.schema import KINDS

    for kind in KINDS:
        for suffix, data in (("csv", template_csv(kind)), ("xlsx", template_xlsx(kind))):
            path = tmp_path / f"{kind}-template.{suffix}"
            path.write_bytes(data)
            result = run_import(path, "--dry-run")
            assert result.code == 0, result.out
            assert "the template's example row: skipped" in result.out
    sheet = load_workbook(tmp_path / "people-template.xlsx").active
    assert sheet["A2"].value == "example:person:1" and "Synthetic" in sheet["D2"].value
