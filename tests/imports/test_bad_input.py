"""Bad files and bad rows: each gets a precise report, and nothing is stored."""

import io
import zipfile

from openpyxl import Workbook

from memoria.archive.models import Item, Person, Place
from memoria.search.models import IndexedName

from .conftest import PEOPLE_HEADER, csv_bytes, person_row, run_import

RUSSIAN = {"external_id": "syn:person:00001", "name_ru": "Синтетический Человек Первый",
           "name_en": "Synthetic Person One", "is_published": "yes"}


def nothing_stored():
    return not Person.objects.exists() and not Item.objects.exists() and not IndexedName.objects.exists()


def test_cp1251_semicolon_export_from_russian_excel_is_read(db, people_file):
    path = people_file([RUSSIAN], delimiter=";", encoding="cp1251")
    result = run_import(path)
    assert result.code == 0, result.out
    assert "read as Windows-1251 (Cyrillic), semicolon-separated" in result.out
    assert Person.objects.get().name_ru == "Синтетический Человек Первый"


def test_utf8_bom_and_utf16_tab_are_read(db, tmp_path):
    bom = tmp_path / "people.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + csv_bytes(PEOPLE_HEADER, [RUSSIAN]))
    result = run_import(bom)
    assert result.code == 0 and "UTF-8 with BOM" in result.out
    unicode_text = tmp_path / "people-unicode.txt"   # Excel's "Unicode text": UTF-16, tab-separated
    row = dict(RUSSIAN, external_id="syn:person:00002")
    unicode_text.write_bytes(csv_bytes(PEOPLE_HEADER, [row], delimiter="\t", encoding="utf-16"))
    result = run_import(unicode_text, "--kind", "people")
    assert result.code == 0, result.out
    assert "UTF-16, tab-separated" in result.out
    assert Person.objects.filter(name_ru="Синтетический Человек Первый").count() == 2


def test_wrong_encoding_is_refused_with_the_line(db, tmp_path):
    mixed = tmp_path / "people.csv"
    # A UTF-8 file with a line pasted from a Windows-1251 file.
    mixed.write_bytes(csv_bytes(PEOPLE_HEADER, [RUSSIAN])
                      + "syn:person:00002,,Синтетический Второй,Synthetic Two\r\n".encode("cp1251"))
    result = run_import(mixed)
    assert result.code == 1
    assert "Mixed encodings: the file is UTF-8 up to line 3" in result.out
    declared = run_import(tmp_path / "people.csv", "--encoding", "ascii")
    assert "The file is not ascii: line 2 holds bytes that are not ascii" in declared.out
    binary = tmp_path / "people-binary.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "not a text file" in run_import(binary).out
    assert nothing_stored()


def test_unknown_and_missing_columns_refuse_the_file(db, people_file):
    result = run_import(people_file([RUSSIAN], header=PEOPLE_HEADER + ["Favourite colour"]))
    assert result.code == 1
    assert "unknown column(s) Favourite colour" in result.out
    assert "The columns of people are: external_id, name_kk" in result.out
    result = run_import(people_file([{"name_en": "Synthetic Person"}], header=["name_en", "sort_name"]))
    assert "missing column(s) external_id" in result.out
    result = run_import(people_file([{"external_id": "syn:1"}], header=["external_id", "sex"]))
    assert "missing column(s) name_en (or name_kk, name_ru, name_fr)" in result.out
    assert nothing_stored()


def test_headers_are_case_and_space_insensitive_with_aliases(db, tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes(csv_bytes([" External ID ", "Name", "Name (RU)", "LAT", "lng"],
                               [["syn:place:1", "Synthetic Place", "Синтетическое место", "-12.5", "45,25"]]))
    result = run_import(path)
    assert result.code == 0, result.out
    place = Place.objects.get()
    assert (place.name_en, place.name_ru, str(place.latitude), str(place.longitude)) == (
        "Synthetic Place", "Синтетическое место", "-12.500000", "45.250000")
    assert "formula" not in result.out     # a negative latitude is a number, not a formula


def test_bad_cells_are_reported_by_row_and_column(db, people_file, tmp_path):
    places = tmp_path / "places.csv"
    places.write_bytes(csv_bytes(["external_id", "name_en", "latitude", "longitude"], [
        ["syn:place:1", "Synthetic Place One", "91", "10"],
        ["syn:place:2", "Synthetic Place Two", "=1+2", "abc"],
        ["syn:place:1", "Synthetic Place Three", "", ""],
    ]))
    result = run_import(places)
    assert result.code == 1
    assert "row 2, column “latitude”: 91 is out of range: it must lie between -90 and 90" in result.out
    assert "row 3, column “latitude”: “=1+2” is not a number" in result.out
    assert "row 3, column “longitude”: “abc” is not a number" in result.out
    assert "row 4, column “external_id”: “syn:place:1” is also the external id of row 2" in result.out

    people = people_file([person_row(1, birth_date="19445", birth_place="syn:place:404"),
                          person_row(2, death_date="1945/1941")],
                         header=PEOPLE_HEADER + ["birth_place"])
    result = run_import(people, "--dry-run")
    assert result.code == 1
    assert "row 2, column “birth_date”: “19445” is not a valid EDTF date" in result.out
    assert ("row 2, column “birth_place”: no place with external id “syn:place:404” in this file or in "
            "the archive") in result.out
    assert "row 3, column “death_date”: “1945/1941” ends before it starts" in result.out
    assert not Place.objects.exists() and nothing_stored()


def test_corrupt_xlsx_and_oversized_file(db, tmp_path, settings):
    workbook = Workbook()
    workbook.active.append(["external_id", "name_en"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    truncated = tmp_path / "people.xlsx"
    truncated.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    result = run_import(truncated)
    assert result.code == 1
    assert "people.xlsx is not a readable XLSX workbook" in result.out
    assert "Save it again from the spreadsheet program" in result.out
    assert zipfile.is_zipfile(truncated) is False

    settings.MEMORIA_IMPORT_MAX_BYTES = 1024 * 1024
    huge = tmp_path / "people-huge.csv"
    with open(huge, "wb") as fh:          # sparse: 500 MB announced, nothing written
        fh.truncate(500 * 1024 * 1024)
    result = run_import(huge)
    assert result.code == 1
    assert "people-huge.csv is 500 MB; imports take at most 1 MB (setting MEMORIA_IMPORT_MAX_MB)" in result.out
    assert nothing_stored()


def test_formula_cells_are_stored_as_text_with_a_warning_and_html_is_escaped(db, people_file, client):
    row = person_row(1, name_en="=HYPERLINK(\"http://example.org\")", sort_name="@SUM(A1)",
                     biography_en="<script>alert('synthetic')</script><b>bold</b>")
    result = run_import(people_file([row]))
    assert result.code == 0, result.out
    assert "row 2, column “name_en”: starts with = + - @ (a spreadsheet formula?): stored as text" in result.out
    assert "column “sort_name”" in result.out
    person = Person.objects.get()
    assert person.name_en == '=HYPERLINK("http://example.org")'
    assert person.biography_en == "<script>alert('synthetic')</script><b>bold</b>"
    page = client.get(f"/en/people/{person.pk}/").content.decode()
    assert "<script>alert('synthetic')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;synthetic&#x27;)&lt;/script&gt;" in page


def test_relation_to_a_missing_record_is_rejected(db, tmp_path):
    path = tmp_path / "relations.csv"
    path.write_bytes(csv_bytes(["external_id", "relation", "person", "unit", "role"], [
        ["syn:rel:1", "membership", "syn:person:nobody", "syn:unit:nothing", "Synthetic role"],
        ["syn:rel:2", "friendship", "", "", ""],
    ]))
    result = run_import(path)
    assert result.code == 1
    assert "row 2, column “person”: no person with external id “syn:person:nobody”" in result.out
    assert "row 2, column “unit”: no unit with external id “syn:unit:nothing”" in result.out
    assert "row 3, column “relation”: “friendship” is not one of: membership, participation" in result.out
