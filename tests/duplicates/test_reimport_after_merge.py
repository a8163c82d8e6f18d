"""Importing the same spreadsheet again after a merge updates the survivor, never the copy."""

from memoria.archive.models import NameVariant, Person
from memoria.duplicates.merge import merge_people
from tests.duplicates.merge_data import keep_survivors
from tests.imports.conftest import run_import

# Two rows that are one SYNTHETIC person, and a relation-free third one.
SHEET = ("external_id,name_en,birth_date,variants\n"
         "test:sheet:1,Testbek Omarov,1918,Омаров Тестбек|ru|archive\n"
         "test:sheet:2,Omarov Testbek,1918-03-02,Омаров Т.|ru|archive\n")
AGAIN = ("external_id,name_en,birth_date,death_date,variants\n"
         "test:sheet:1,Testbek Omarov,1918,,Омаров Тестбек|ru|archive\n"
         "test:sheet:2,Omarov Testbek,1918-03-02,1943,Omarov T.|en|archive\n")


def test_a_reimport_fills_the_survivor_and_leaves_the_merged_away_record(db, curator, tmp_path):
    sheet = tmp_path / "people.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    assert "Imported: 2 created" in run_import(sheet).out
    survivor = Person.objects.get(external_id="test:sheet:1")
    other = Person.objects.get(external_id="test:sheet:2")
    merge_people(survivor, other, curator, choices=keep_survivors(survivor, other))

    unchanged = run_import(sheet)
    assert "Imported: 0 created" in unchanged.out
    assert Person.objects.filter(merged_into__isnull=True, name_en__contains="Testbek").count() == 1

    sheet.write_text(AGAIN, encoding="utf-8")  # the second row now gives a death date and a spelling
    again = run_import(sheet)
    assert "0 created" in again.out
    survivor.refresh_from_db()
    other.refresh_from_db()
    assert survivor.external_id == "test:sheet:1" and survivor.name_en == "Testbek Omarov"
    assert survivor.birth_date == "1918"  # the curator's choice is not overwritten by the copy's row
    assert survivor.death_date == "1943"  # what the survivor lacked is filled
    assert "Omarov T." in set(NameVariant.objects.filter(person=survivor).values_list("text", flat=True))
    assert other.merged_into_id == survivor.pk and other.death_date == ""
    assert not NameVariant.objects.filter(person=other, text="Omarov T.").exists()
