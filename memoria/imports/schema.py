"""What an import file may contain: one table per kind of record, its columns and their types.

The same definitions drive reading (header mapping, cell checks), the templates,
the CSV export and docs/IMPORT.md, so that export → edit → import round-trips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from memoria.archive import models as m
from memoria.core.i18n import LANGUAGE_CODES as LANGS
from memoria.sources.models import Source

# Column types. Text types may hold any text (a leading = + - @ is stored as written, with a
# warning); the others are parsed and refused when they do not parse.
TEXT, EDTF, DECIMAL, CHOICE, BOOL, NULLBOOL, REF, REFS, LANG, URL, VARIANTS = (
    "text", "edtf", "decimal", "choice", "bool", "nullbool", "ref", "refs", "lang", "url", "variants")
NUMERIC_TYPES = {DECIMAL}


@dataclass(frozen=True)
class Column:
    name: str
    type: str = TEXT
    field: str | None = None          # model field it fills (None: handled by the engine)
    required: bool = False            # the column must be present and the cell non-empty
    choices: tuple[str, ...] = ()
    ref_kind: str | None = None       # REF/REFS: which kind of record the external id names
    max_length: int | None = None
    limits: tuple[float, float] | None = None
    aliases: tuple[str, ...] = ()
    example: str = ""
    help: str = ""
    words: tuple[tuple[str, str], ...] = ()   # CHOICE: (word in a site language, code), lower case


@dataclass(frozen=True)
class Kind:
    name: str
    model: type | None
    columns: tuple[Column, ...]
    # A translated field that needs a value in at least one language (e.g. a person's name).
    one_of: tuple[str, ...] = ()
    singular: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return self.by_name[name]

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _max(model, name):
    return model._meta.get_field(name).max_length


def _choices(model, name):
    return tuple(value for value, _label in model._meta.get_field(name).choices)


# A person's sex as spreadsheets in the site's languages write it, short and long (compared in
# lower case): kk ер/әйел, ru м/ж, en m/f, fr h/f (homme/femme).
SEX_WORDS = tuple((word, code) for code, words in (
    ("male", ("m", "man", "м", "муж", "муж.", "мужской", "мужчина", "ер", "ер адам", "еркек", "h", "homme",
              "masculin")),
    ("female", ("f", "woman", "ж", "жен", "жен.", "женский", "женщина", "әйел", "әйел адам", "femme",
                "féminin", "feminin")),
    ("unknown", ("?", "неизвестно", "не известно", "белгісіз", "inconnu", "inconnue")),
) for word in words)


def translated(model, name, examples: dict[str, str] | None = None, help: str = "") -> list[Column]:
    """One column per language: name_kk, name_ru, name_en, name_fr ("name" alone means English)."""
    examples = examples or {}
    return [
        Column(f"{name}_{lang}", TEXT, f"{name}_{lang}", max_length=_max(model, name),
               aliases=(name,) if lang == "en" else (), example=examples.get(lang, ""), help=help)
        for lang in LANGS
    ]


def external_id(example: str) -> Column:
    return Column("external_id", TEXT, "external_id", required=True, max_length=100,
                  aliases=("id", "key", "identifier", "ext_id"), example=example,
                  help="stable key of the row: re-importing finds the record by it")


def published() -> Column:
    return Column("is_published", BOOL, "is_published", aliases=("published",), example="no",
                  help="yes/no; new records are unpublished when the column is absent")


CITATION = [
    Column("source", REF, None, ref_kind="sources", aliases=("source_id", "source_external_id"),
           example="example:source:1", help="external id of the source that supports the row"),
    Column("locator", TEXT, None, max_length=200, aliases=("page",), example="p. 3",
           help="page or place in the source"),
    Column("quote", TEXT, None, aliases=("quotation",), example="Synthetic example quotation.",
           help="the words of the source that support the row"),
]

KINDS: dict[str, Kind] = {}


def _kind(kind: Kind) -> None:
    KINDS[kind.name] = kind


_kind(Kind("sources", Source, tuple([
    external_id("example:source:1"),
    Column("kind", CHOICE, "kind", choices=_choices(Source, "kind"), example="article"),
    *translated(Source, "title", {"en": "Synthetic example source"}),
    Column("author", TEXT, "author", max_length=_max(Source, "author"), example="Synthetic Author"),
    *translated(Source, "publisher"),
    Column("date", EDTF, "date", example="1945-05"),
    Column("url", URL, "url", max_length=1000, example="https://example.org/synthetic-source"),
    Column("language", LANG, "language", example="ru", help="language the source is written in"),
    Column("archive_reference", TEXT, "archive_reference", max_length=300, example="SYN-fonds 1, file 2"),
    *translated(Source, "note"),
    published(),
]), one_of=("title",), singular="source"))

_kind(Kind("places", m.Place, tuple([
    external_id("example:place:1"),
    *translated(m.Place, "name", {"en": "Synthetic Example Town", "ru": "Синтетический Пример"}),
    *translated(m.Place, "description"),
    Column("latitude", DECIMAL, "latitude", limits=(-90, 90), aliases=("lat",), example="45.5"),
    Column("longitude", DECIMAL, "longitude", limits=(-180, 180), aliases=("lon", "lng", "long"),
           example="-1.25"),
    published(),
    *CITATION,
]), one_of=("name",), singular="place"))

_kind(Kind("units", m.Unit, tuple([
    external_id("example:unit:1"),
    *translated(m.Unit, "name", {"en": "Synthetic Example Detachment"}),
    Column("kind", CHOICE, "kind", choices=_choices(m.Unit, "kind"), example="partisan_detachment"),
    *translated(m.Unit, "description"),
    published(),
    *CITATION,
]), one_of=("name",), singular="unit"))

_kind(Kind("people", m.Person, tuple([
    external_id("example:person:1"),
    *translated(m.Person, "name", {"kk": "Синтетикалық Адам", "ru": "Синтетический Человек",
                                    "en": "Synthetic Example Person", "fr": "Personne Synthétique"}),
    Column("sort_name", TEXT, "sort_name", max_length=300, example="Person, Synthetic Example"),
    Column("sex", CHOICE, "sex", choices=_choices(m.Person, "sex"), example="unknown", words=SEX_WORDS),
    Column("birth_date", EDTF, "birth_date", aliases=("born",), example="1920?"),
    Column("birth_place", REF, "birth_place", ref_kind="places", example="example:place:1"),
    Column("death_date", EDTF, "death_date", aliases=("died",), example="1944-08-19"),
    Column("death_place", REF, "death_place", ref_kind="places", example=""),
    *translated(m.Person, "roles", {"en": "partisan"}),
    *translated(m.Person, "biography", {"en": "Synthetic example: not a real person."}),
    Column("variants", VARIANTS, None, aliases=("name_variants", "spellings"),
           example="Synthetic Persson|de|transliteration; Синтетик Персон|ru|archive",
           help="every other spelling: text|language|kind items separated by ';'"),
    published(),
    *CITATION,
]), one_of=("name",), singular="person", aliases=("persons", "person")))

_kind(Kind("events", m.Event, tuple([
    external_id("example:event:1"),
    *translated(m.Event, "title", {"en": "Synthetic example event"}),
    Column("kind", CHOICE, "kind", choices=_choices(m.Event, "kind"), example="other"),
    Column("date", EDTF, "date", example="1944-08-19/1944-08-25"),
    Column("places", REFS, "places", ref_kind="places", example="example:place:1",
           help="external ids of places, separated by ';'"),
    *translated(m.Event, "description"),
    published(),
    *CITATION,
]), one_of=("title",), singular="event"))

_kind(Kind("items", m.Item, tuple([
    external_id("example:item:1"),
    Column("inventory_number", TEXT, "inventory_number", required=True, max_length=64,
           aliases=("inventory", "inventory_no", "inv_no", "inv"), example="SYN-0001"),
    Column("kind", CHOICE, "kind", choices=_choices(m.Item, "kind"), example="document"),
    *translated(m.Item, "title", {"en": "Synthetic example item"}),
    *translated(m.Item, "description"),
    Column("date_made", EDTF, "date_made", aliases=("date",), example="1943~"),
    *translated(m.Item, "origin"),
    *translated(m.Item, "material"),
    Column("dimensions", TEXT, "dimensions", max_length=200, example="10 × 15 cm"),
    *translated(m.Item, "provenance"),
    Column("is_original", NULLBOOL, "is_original", aliases=("original",), example="yes",
           help="yes = original, no = copy, empty = not stated"),
    Column("rights", TEXT, "rights", max_length=300, example=""),
    Column("transcription", TEXT, "transcription", example=""),
    published(),
    *CITATION,
]), one_of=("title",), singular="item"))

RELATION_TYPES = {
    # relation: (model, columns that must be filled, columns allowed)
    "membership": (m.Membership, ("person", "unit"), {"person", "unit", "role", "date"}),
    "participation": (m.Participation, ("event",), {"event", "person", "unit", "role"}),
    "item_person": (m.ItemPerson, ("item", "person", "role"), {"item", "person", "role"}),
    "item_event": (m.ItemEvent, ("item", "event", "role"), {"item", "event", "role"}),
    "item_place": (m.ItemPlace, ("item", "place", "role"), {"item", "place", "role"}),
}
ITEM_ROLES = {name: _choices(model, "role") for name, (model, _r, _a) in RELATION_TYPES.items()
              if name.startswith("item_")}

_kind(Kind("relations", None, tuple([
    external_id("example:relation:1"),
    Column("relation", CHOICE, None, required=True, choices=tuple(RELATION_TYPES), aliases=("type",),
           example="membership"),
    Column("person", REF, None, ref_kind="people", example="example:person:1"),
    Column("unit", REF, None, ref_kind="units", example="example:unit:1"),
    Column("event", REF, None, ref_kind="events", example=""),
    Column("item", REF, None, ref_kind="items", example=""),
    Column("place", REF, None, ref_kind="places", example=""),
    Column("role", TEXT, None, max_length=200, aliases=("role_en",), example="fighter",
           help="item links: belonged_to/depicts/mentions/…; membership and participation: "
                "the role in English"),
    *[Column(f"role_{lang}", TEXT, None, max_length=200) for lang in LANGS if lang != "en"],
    Column("date", EDTF, None, example="1943/1944", help="membership only"),
    *CITATION,
]), singular="relation"))

# Dependency order: a row may name records of the kinds before it.
ORDER = ["sources", "places", "units", "people", "events", "items", "relations"]


def normalize_header(text) -> str:
    """ " Name (RU) " → "name_ru": case, spaces, hyphens and brackets do not matter."""
    text = str(text or "").replace("\ufeff", "").strip().lower()
    text = re.sub(r"[\s\-./()\[\]]+", "_", text)
    return text.strip("_")


def header_map(kind: Kind) -> dict[str, str]:
    """Every accepted spelling of a header → the column's name."""
    mapping = {}
    for column in kind.columns:
        mapping[column.name] = column.name
        for alias in column.aliases:
            mapping.setdefault(normalize_header(alias), column.name)
    return mapping


def kind_from_name(name: str) -> str | None:
    """'people.csv', 'Persons 2025.xlsx', 'relations' → a kind, or None."""
    name = normalize_header(name)
    for kind in KINDS.values():
        for word in (kind.name, kind.singular, *kind.aliases):
            if word and re.search(rf"(^|_){word}(_|$)", name):
                return kind.name
    return None


def kind_from_headers(headers: list[str]) -> str | None:
    """The only kind whose columns cover every header and hold its required ones."""
    normalized = {normalize_header(h) for h in headers if str(h or "").strip()}
    fits = []
    for kind in KINDS.values():
        mapping = header_map(kind)
        mapped = {mapping[h] for h in normalized if h in mapping}
        if len(mapped) == len(normalized) and set(kind.required) <= mapped:
            fits.append((len(mapped & {c.name for c in kind.columns if c.name != "external_id"}), kind))
    if not fits:
        return None
    fits.sort(key=lambda pair: -pair[0])
    if len(fits) > 1 and fits[0][0] == fits[1][0]:
        return None
    return fits[0][1].name


def models_of(kind: str) -> list:
    """The models a table of this kind writes (a relations table: every relation model)."""
    if kind == "relations":
        return [model for model, _needed, _allowed in RELATION_TYPES.values()]
    return [KINDS[kind].model]
