"""Details a curator notices: rejects that open as columns, sex in four languages, date hints."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from memoria.archive.models import Person

from .conftest import csv_bytes, run_import

URL = "/admin/import/"
HEADER = ["external_id", "name_ru", "name_en", "sex", "birth_date"]


def russian_row(n: int, **overrides) -> dict:
    """SYNTHETIC person n, spelled only in letters Windows-1251 has."""
    row = {"external_id": f"syn:person:{n:05d}", "name_ru": f"Синтетический Человек {n}",
           "name_en": f"Synthetic Person {n}", "sex": "", "birth_date": "1920"}
    row.update(overrides)
    return row


def test_rejects_of_a_semicolon_windows_1251_file_come_back_the_same_way(db, tmp_path):
    source = tmp_path / "people.csv"
    source.write_bytes(csv_bytes(HEADER, [russian_row(1), russian_row(2, birth_date="позавчера"), russian_row(3)],
                                 delimiter=";", encoding="cp1251"))
    result = run_import(source, "--partial")
    assert "read as Windows-1251 (Cyrillic), semicolon-separated" in result.out
    rejects = tmp_path / "people.csv.rejects.csv"
    raw = rejects.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")          # no BOM: the input had none
    rows = list(csv.reader(io.StringIO(raw.decode("cp1251")), delimiter=";"))
    assert rows[0] == [*HEADER, "error"]                  # Excel (ru) opens it as columns
    assert rows[1][:2] == ["syn:person:00002", "Синтетический Человек 2"]
    assert "birth_date: “позавчера” is not a valid EDTF date" in rows[1][-1]
    assert Person.objects.count() == 2


def test_rejects_keep_utf8_with_bom_and_tabs(db, tmp_path):
    source = tmp_path / "people.csv"
    source.write_bytes(b"\xef\xbb\xbf" + csv_bytes(HEADER, [russian_row(1, sex="неясно")], delimiter="\t"))
    run_import(source, "--partial")
    raw = (tmp_path / "people.csv.rejects.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == "\t".join([*HEADER, "error"])


def test_rejects_download_from_the_import_page_keeps_the_dialect(curator_client):
    body = csv_bytes(HEADER, [russian_row(1), russian_row(2, birth_date="10.05.1945")],
                     delimiter=";", encoding="cp1251")
    dry = curator_client.post(URL, {"file": SimpleUploadedFile("people.csv", body), "kind": "", "mode": "partial"})
    done = curator_client.post(URL, {"token": dry.context["token"], "mode": "partial"}, follow=True)
    assert "Imported the good rows" in done.content.decode()
    download = curator_client.get(f"/admin/import/rejects/{dry.context['token']}/people.csv")
    assert download["Content-Type"] == "text/csv; charset=cp1251"
    text = b"".join(download.streaming_content).decode("cp1251")
    header, rejected = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[-1] == "error" and rejected[0] == "syn:person:00002"


@pytest.mark.parametrize("words, stored", [
    (["ж", "Ж", "жен", "женский", "Женщина"], "female"),                       # ru
    (["м", "М", "муж", "Мужской", "мужчина"], "male"),
    (["әйел", "ӘЙЕЛ", "әйел адам"], "female"),                                  # kk
    (["ер", "Ер", "еркек", "ер адам"], "male"),
    (["f", "F", "female", "woman"], "female"),                                  # en (f is femme in fr too)
    (["m", "M", "Male", "man"], "male"),
    (["femme", "Femme", "féminin"], "female"),                                  # fr
    (["h", "H", "homme", "masculin"], "male"),
    (["", "unknown", "?", "белгісіз", "неизвестно", "inconnu"], "unknown"),
])
def test_sex_in_four_languages(db, tmp_path, words, stored):
    source = tmp_path / "people.csv"
    source.write_bytes(csv_bytes(HEADER, [russian_row(n, sex=word) for n, word in enumerate(words, start=1)]))
    result = run_import(source)
    assert result.code == 0, result.out
    assert list(Person.objects.values_list("sex", flat=True)) == [stored] * len(words)


def test_an_unknown_sex_word_says_what_is_accepted(db, tmp_path):
    source = tmp_path / "people.csv"
    source.write_bytes(csv_bytes(HEADER, [russian_row(1, sex="x")]))
    result = run_import(source)
    assert "row 2, column “sex”: “x” is not one of: male, female, unknown (or a word for one in kk, ru, en or fr" \
        in result.out
    assert "ер" in result.out and "ж" in result.out


@pytest.mark.parametrize("written, meant", [
    ("10.05.1945", "1945-05-10"), ("10/05/1945", "1945-05-10"), ("10 May 1945", "1945-05-10"),
    ("10 мая 1945", "1945-05-10"), ("10 мая 1945 г.", "1945-05-10"), ("1945.05.10", "1945-05-10"),
    ("10 mai 1945", "1945-05-10"), ("10 мамыр 1945", "1945-05-10"), ("May 1945", "1945-05"),
])
def test_a_common_date_notation_is_refused_with_its_edtf_form(db, tmp_path, written, meant):
    source = tmp_path / "people.csv"
    source.write_bytes(csv_bytes(HEADER, [russian_row(1, birth_date=written)]))
    result = run_import(source)
    assert result.code == 1
    assert f"row 2, column “birth_date”: “{written}” is not a valid EDTF date." in result.out
    assert f"Did you mean {meant}?" in result.out
    assert not Person.objects.exists()                    # never converted: the curator decides


def test_an_ambiguous_or_impossible_date_gets_no_suggestion(db, tmp_path):
    source = tmp_path / "people.csv"
    source.write_bytes(csv_bytes(HEADER, [russian_row(1, birth_date="31.02.1945"),
                                          russian_row(2, birth_date="10.05.45")]))
    result = run_import(source)
    assert result.out.count("is not a valid EDTF date") == 2
    assert "Did you mean" not in result.out


def test_the_import_page_shows_the_date_suggestion(curator_client):
    body = csv_bytes(HEADER, [russian_row(1, birth_date="10.05.1945")])
    dry = curator_client.post(URL, {"file": SimpleUploadedFile("people.csv", body), "kind": "", "mode": "all"})
    assert "“10.05.1945” is not a valid EDTF date." in dry.content.decode()
    assert "Did you mean 1945-05-10?" in dry.content.decode()
