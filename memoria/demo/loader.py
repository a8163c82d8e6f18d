"""Loads the demo exhibition "They traveled across Europe" from data/exhibition.json.

Every record comes from the article of 1 February 2025 (see the JSON's
sources) and cites it. Records carry the external identifier
"demo:<kind>:<key>", so loading again finds them instead of adding copies,
and a record is saved only when a value differs: a second load changes
nothing, not even the history. Every save goes through the domain actions
(memoria.core.services), as the back office's and the API's do.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from memoria.archive import models as m
from memoria.core import services
from memoria.core.i18n import LANGUAGE_CODES as LANGS
from memoria.exhibitions.models import Entry, Exhibition, Section
from memoria.sources.models import Citation, Source

DATA_FILE = Path(__file__).with_name("data") / "exhibition.json"


def _translations(field: str, value) -> dict:
    """{"en": "...", ...} → {"field_en": "...", ...}; a plain string goes to every language."""
    if isinstance(value, dict):
        return {f"{field}_{lang}": (value.get(lang) or "") for lang in LANGS}
    return {f"{field}_{lang}": (value or "") for lang in LANGS}


class DemoLoader:
    def __init__(self, user):
        self.user = user
        self.counts: Counter = Counter()
        self.refs: dict[tuple[str, str], object] = {}

    # -- generic helpers ---------------------------------------------------------
    def upsert(self, model, kind: str, key: str, values: dict):
        external_id = f"demo:{kind}:{key}"
        values = {
            name: Decimal(str(value)).quantize(Decimal("0.000001")) if isinstance(value, float) else value
            for name, value in values.items()
        }
        obj = self.ensure(model, {"external_id": external_id}, values)
        self.refs[(kind, key)] = obj
        return obj

    def ensure(self, model, lookup: dict, values: dict | None = None):
        """The record found by `lookup`, created or changed to `values` only when a value differs."""
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            services.save(obj, self.user)
            self.counts["created"] += 1
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            services.save(obj, self.user)
            self.counts["updated"] += 1
        return obj

    def cite(self, obj, cites, fact: str = "") -> None:
        content_type = ContentType.objects.get_for_model(obj)
        for citation in cites or []:
            self.ensure(
                Citation,
                {
                    "source": self.refs[("source", citation["source"])],
                    "content_type": content_type,
                    "object_id": obj.pk,
                    "field": fact,
                    "quote": citation.get("quote", ""),
                },
                {"locator": citation.get("locator", "")},
            )

    def ref(self, kind: str, key: str | None):
        return self.refs[(kind, key)] if key else None

    # -- the data ------------------------------------------------------------------
    def load(self, data: dict) -> Counter:
        for s in data["sources"]:
            self.upsert(Source, "source", s["key"], {
                "kind": s.get("kind", "article"), "url": s.get("url", ""), "date": s.get("date", ""),
                "language": s.get("language", ""), "author": s.get("author", ""), "is_published": True,
                **_translations("title", s["title"]), **_translations("publisher", s.get("publisher")),
                **_translations("note", s.get("note")),
            })
        for p in data["places"]:
            place = self.upsert(m.Place, "place", p["key"], {
                "latitude": p.get("latitude"), "longitude": p.get("longitude"), "is_published": True,
                **_translations("name", p["name"]), **_translations("description", p.get("description")),
            })
            self.cite(place, p.get("cite"))
            if p.get("coordinates_source") and p.get("latitude") is not None:
                self.cite(place, [{"source": p["coordinates_source"], "quote": ""}], "coordinates")
        for u in data["units"]:
            unit = self.upsert(m.Unit, "unit", u["key"], {
                "kind": u.get("kind", m.Unit.Kind.ORGANISATION), "is_published": True,
                **_translations("name", u["name"]), **_translations("description", u.get("description")),
            })
            self.cite(unit, u.get("cite"))
        for p in data["people"]:
            self._person(p)
        for e in data["events"]:
            event = self.upsert(m.Event, "event", e["key"], {
                "kind": e.get("kind", m.Event.Kind.OTHER), "date": e.get("date", ""), "is_published": True,
                **_translations("title", e["title"]), **_translations("description", e.get("description")),
            })
            places = [self.ref("place", key) for key in e.get("places", [])]
            if set(event.places.all()) != set(places):
                event.places.set(places)
            self.cite(event, e.get("cite"))
        for i in data["items"]:
            item = self.upsert(m.Item, "item", i["key"], {
                "inventory_number": i["inventory_number"], "kind": i.get("kind", m.Item.Kind.OBJECT),
                "date_made": i.get("date_made", ""), "is_original": i.get("is_original"),
                "transcription": i.get("transcription", ""), "is_published": True,
                **_translations("title", i["title"]), **_translations("description", i.get("description")),
                **_translations("origin", i.get("origin")), **_translations("material", i.get("material")),
                **_translations("provenance", i.get("provenance")),
            })
            self.cite(item, i.get("cite"))
        self._relations(data.get("relations", {}))
        for x in data["exhibitions"]:
            self._exhibition(x)
        return self.counts

    def _person(self, p: dict) -> None:
        person = self.upsert(m.Person, "person", p["key"], {
            "sort_name": p.get("sort_name", ""), "sex": p.get("sex", m.Person.Sex.UNKNOWN),
            "birth_date": p.get("birth_date", ""), "death_date": p.get("death_date", ""),
            "is_published": True,
            **_translations("name", p["name"]), **_translations("roles", p.get("roles")),
            **_translations("biography", p.get("biography")),
        })
        self.cite(person, p.get("cite"))
        for v in p.get("name_variants", []):
            variant = self.ensure(m.NameVariant, {
                "person": person, "text": v["text"], "language": v.get("language", ""),
            }, {
                "script": v.get("script", ""),
                "kind": v.get("kind", m.NameVariant.Kind.ARCHIVE),
            })
            self.cite(variant, v.get("cite"))

    def _relations(self, rel: dict) -> None:
        for r in rel.get("memberships", []):
            link = self.ensure(
                m.Membership,
                {"person": self.ref("person", r["person"]), "unit": self.ref("unit", r["unit"]),
                 "date": r.get("date", "")},
                _translations("role", r.get("role")),
            )
            self.cite(link, r.get("cite"))
        for r in rel.get("participations", []):
            link = self.ensure(
                m.Participation,
                {"event": self.ref("event", r["event"]), "person": self.ref("person", r.get("person")),
                 "unit": self.ref("unit", r.get("unit"))},
                _translations("role", r.get("role")),
            )
            self.cite(link, r.get("cite"))
        for name, model, target in (("item_people", m.ItemPerson, "person"),
                                    ("item_events", m.ItemEvent, "event"),
                                    ("item_places", m.ItemPlace, "place")):
            for r in rel.get(name, []):
                link = self.ensure(model, {"item": self.ref("item", r["item"]),
                                           target: self.ref(target, r[target]), "role": r["role"]})
                self.cite(link, r.get("cite"))

    def _exhibition(self, x: dict) -> None:
        exhibition = self.upsert(Exhibition, "exhibition", x["key"], {
            "slug": x["key"], "opening_date": x.get("opening_date", ""),
            "place": self.ref("place", x.get("place")),
            "opening_event": self.ref("event", x.get("opening_event")),
            "is_featured": True, "is_published": True,
            **_translations("title", x["title"]), **_translations("subtitle", x.get("subtitle")),
            **_translations("venue", x.get("venue")), **_translations("hall", x.get("hall")),
            **_translations("introduction", x.get("introduction")),
        })
        self.cite(exhibition, x.get("cite"))
        for position, s in enumerate(x.get("sections", []), start=1):
            section = self.upsert(Section, "section", f'{x["key"]}/{s["key"]}', {
                "exhibition": exhibition, "slug": s["key"], "position": position, "is_published": True,
                **_translations("title", s["title"]), **_translations("caption", s.get("caption")),
            })
            self.cite(section, s.get("cite"))
            for index, e in enumerate(s.get("entries", []), start=1):
                entry = self.ensure(Entry, {"section": section, "position": index}, {
                    "item": self.ref("item", e.get("item")), "person": self.ref("person", e.get("person")),
                    **_translations("text", e.get("text")), **_translations("caption", e.get("caption")),
                })
                self.cite(entry, e.get("cite"))


def load_demo(path: Path = DATA_FILE, user=services.COMMAND_LINE) -> Counter:
    """Load (or refresh) the demo in one transaction as `user`; returns created/updated counts."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    with transaction.atomic():
        return DemoLoader(user).load(data)


def archive_is_empty() -> bool:
    return not (Exhibition.objects.exists() or m.Person.objects.exists() or m.Item.objects.exists())
