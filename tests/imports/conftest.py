"""Helpers for the import tests: run the real `memoria import` command and read its report."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from memoria.benchmarks.synthetic_import_rows import spellings

# Kazakh Latin (2021) for the letters the synthetic syllables use.
KAZAKH_LATIN = dict(zip("аәбвдежзийкқлнорстуұхш",
                        ["a", "ä", "b", "v", "d", "e", "j", "z", "i", "i", "k", "q", "l", "n", "o", "r",
                         "s", "t", "u", "ū", "h", "ş"]))
PEOPLE_HEADER = ["external_id", "name_kk", "name_ru", "name_en", "name_fr", "sort_name", "birth_date",
                 "death_date", "biography_en", "variants", "is_published"]


@dataclass
class Run:
    code: int
    out: str


def run_import(*args) -> Run:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return Run(code, out.getvalue() + err.getvalue())


def person_row(n: int, **overrides) -> dict:
    """SYNTHETIC person n with mixed-script spellings (Kazakh and Russian Cyrillic, English,
    French, German, Kazakh Latin) — built from syllables, not anyone's name."""
    names = spellings(n)
    given, surname = names["en"].split(" ", 1)
    kazakh_latin = "".join(KAZAKH_LATIN.get(ch.lower(), ch).capitalize() if ch.isupper()
                           else KAZAKH_LATIN.get(ch, ch) for ch in names["kk"])
    row = {
        "external_id": f"syn:person:{n:05d}",
        "name_kk": names["kk"], "name_ru": names["ru"], "name_en": names["en"], "name_fr": names["fr"],
        "sort_name": f"{surname}, {given}",
        "birth_date": ["1915", "1920?", "1918-03", "1921~", "1919-05-09"][n % 5],
        "death_date": ["", "1944", "1943/1945", "", "1999-12-31"][n % 5],
        "biography_en": f"Synthetic person {n}: made for tests, not a real person.",
        "variants": f"{names['de']}|de|transliteration; {kazakh_latin}|kk-Latn|transliteration",
        "is_published": "yes",
    }
    row.update(overrides)
    return row


def csv_bytes(header, rows, delimiter=",", encoding="utf-8") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return out.getvalue().encode(encoding)


@pytest.fixture
def people_file(tmp_path):
    def make(rows, name="people.csv", header=PEOPLE_HEADER, **kwargs):
        path = tmp_path / name
        path.write_bytes(csv_bytes(header, rows, **kwargs))
        return path
    return make
