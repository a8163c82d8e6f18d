"""SYNTHETIC people and items as spreadsheet rows, for tests and the import benchmark — never real people.

Names are built from syllables by number, each spelled the way Kazakh Cyrillic, Russian,
English, French and German writers would: the mixed-script spellings a real import
brings, without borrowing anyone's name. Every record says "Synthetic" in its notes and
has an external id "syn:…" and inventory numbers "SYN-…".
"""

from __future__ import annotations

import csv
import io

# (Kazakh Cyrillic, Russian, English, French, German)
SYLLABLES = [
    ("Қаз", "Каз", "Kaz", "Kaz", "Kas"), ("Ұл", "Ул", "Ul", "Oul", "Ul"), ("Әл", "Ал", "Al", "Al", "Al"),
    ("Жар", "Жар", "Zhar", "Jar", "Dshar"), ("Шұк", "Шук", "Shuk", "Chouk", "Schuk"),
    ("Бек", "Бек", "Bek", "Bek", "Bek"), ("Тул", "Тул", "Tul", "Toul", "Tul"),
    ("Сай", "Сай", "Say", "Saï", "Sai"), ("Кен", "Кен", "Ken", "Ken", "Ken"),
    ("Дау", "Дау", "Dau", "Daou", "Dau"), ("Хал", "Хал", "Khal", "Khal", "Chal"),
    ("Шин", "Шин", "Shin", "Chine", "Schin"),
]
GIVEN_END = ("ан", "ан", "an", "ane", "an")
SURNAME_END = ("ов", "ов", "ov", "ov", "ow")
LANGS = ("kk", "ru", "en", "fr", "de")


def spellings(n: int) -> dict[str, str]:
    """Person n's full name in each convention (kk, ru, en, fr, de)."""
    digits = []
    for _ in range(5):
        n, d = divmod(n, len(SYLLABLES))
        digits.append(d)
    out = {}
    for i, lang in enumerate(LANGS):
        given = "".join(SYLLABLES[d][i] for d in digits[:2]).lower().capitalize() + GIVEN_END[i]
        surname = "".join(SYLLABLES[d][i] for d in digits[2:]).lower().capitalize() + SURNAME_END[i]
        out[lang] = f"{given} {surname}"
    return out


PEOPLE_HEADER = ["external_id", "name_kk", "name_ru", "name_en", "name_fr", "sort_name", "sex",
                 "birth_date", "death_date", "roles_en", "biography_en", "variants", "is_published"]


def people_rows(count: int, start: int = 1):
    for n in range(start, start + count):
        names = spellings(n)
        given, surname = names["en"].split(" ", 1)
        yield [
            f"syn:person:{n:06d}", names["kk"], names["ru"], names["en"], names["fr"],
            f"{surname}, {given}", "unknown", f"19{10 + n % 15}" + ("?" if n % 3 else ""),
            f"194{n % 6}" if n % 2 else "", "Synthetic test record",
            f"Synthetic person {n:06d}: not a real person, made for tests.",
            f"{names['de']}|de|transliteration; {names['en'].upper()}|en|archive",
            "yes",
        ]


ITEMS_HEADER = ["external_id", "inventory_number", "kind", "title_en", "title_ru", "date_made",
                "description_en", "is_original", "is_published"]


def item_rows(count: int, start: int = 1):
    for n in range(start, start + count):
        yield [f"syn:item:{n:06d}", f"SYN-{n:06d}", "document", f"Synthetic item {n:06d}",
               f"Синтетический предмет {n:06d}", f"194{n % 6}", "Synthetic: made for tests.",
               "yes" if n % 2 else "", "no"]


def csv_text(header, rows, delimiter=",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
