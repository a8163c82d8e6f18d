"""Mentions of one thing in one text become one proposal with several spans.

People: "Major General Marat Nagumanov" … "M. Nagumanov" … "Нагуманова" are one person when their
surnames are one name (the name engine, case endings aside) and their given names or initials do
not disagree. Places, units and objects: the same name (case endings aside); dates: the same value.
"""

from __future__ import annotations

import re

from memoria.names import similarity

from .mentions import Mention
from .people import stem

#: Two surnames are one when the name engine says this alike (Нагуманов / Nagumanov: 0.95+).
SAME_SURNAME = 0.85
SAME_GIVEN = 0.8


def _compatible_given(a: dict, b: dict) -> bool:
    ga, gb = a.get("given_name"), b.get("given_name")
    if ga and gb:
        return similarity(stem(ga), stem(gb)) >= SAME_GIVEN
    ia = (a.get("initials") or "")[:1] or (ga or "")[:1]
    ib = (b.get("initials") or "")[:1] or (gb or "")[:1]
    if ia and ib:
        return similarity(ia + ".", ib + ".") > 0 or ia.casefold() == ib.casefold()
    return True


def _same_person(a: dict, b: dict) -> bool:
    sa, sb = a.get("surname"), b.get("surname")
    if sa and sb:
        return similarity(stem(sa), stem(sb)) >= SAME_SURNAME and _compatible_given(a, b)
    # A given name alone ("Marat") joins the one person of that given name.
    ga, gb = a.get("given_name"), b.get("given_name")
    if ga and gb and (not sa or not sb):
        return similarity(stem(ga), stem(gb)) >= SAME_GIVEN
    return False


def _richness(m: Mention) -> tuple:
    """Which mention names the person best: most parts, then a surname in its dictionary form."""
    a = m.attrs
    parts = sum(bool(a.get(k)) for k in ("given_name", "patronymic", "surname"))
    nominative = bool(a.get("surname") and stem(a["surname"]) == a["surname"])
    return (parts, nominative, bool(a.get("initials")), m.length)


def people(mentions: list[Mention]) -> list[dict]:
    groups: list[list[Mention]] = []
    for mention in sorted(mentions, key=lambda m: -_richness(m)[0]):
        for group in groups:
            if any(_same_person(mention.attrs, other.attrs) for other in group):
                group.append(mention)
                break
        else:
            groups.append([mention])
    proposals = []
    for group in groups:
        group.sort(key=lambda m: m.start)
        best = max(group, key=_richness)
        proposal = {"name": best.text, "spans": [[m.start, m.end] for m in group], "match": None}
        for key in ("given_name", "patronymic", "surname", "initials"):
            proposal[key] = best.attrs.get(key) or next((m.attrs[key] for m in group if m.attrs.get(key)), None)
        proposal["rank"] = next((m.attrs["rank"] for m in group if m.attrs.get("rank")), None)
        proposal["role"] = next((m.attrs["role"] for m in group if m.attrs.get("role")), None)
        proposal["_names"] = list(dict.fromkeys(m.text for m in sorted(group, key=_richness, reverse=True)))
        proposals.append(proposal)
    return sorted(proposals, key=lambda p: p["spans"][0][0])


def _key(text: str) -> str:
    words = re.sub(r"[«»“”\"'’]", "", text).casefold().split()
    return " ".join(stem(w.capitalize()).casefold()[:max(4, len(w) - 3)] for w in words)


def named(mentions: list[Mention], extra: tuple[str, ...] = ()) -> list[dict]:
    """Places, units or objects: one proposal per name (its dictionary form unknown, the first
    and longest spelling stands for it)."""
    groups: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        groups.setdefault(_key(mention.text), []).append(mention)
    proposals = []
    for group in groups.values():
        best = max(group, key=lambda m: (sum(g.text == m.text for g in group), -m.start))
        proposal = {"name": best.text, "spans": [[m.start, m.end] for m in group], "match": None}
        for key in extra:
            proposal[key] = best.attrs.get(key)
        proposal["_names"] = list(dict.fromkeys(m.text for m in group))
        proposals.append(proposal)
    return sorted(proposals, key=lambda p: p["spans"][0][0])


def dates(mentions: list[Mention]) -> list[dict]:
    groups: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        groups.setdefault(mention.attrs["value"], []).append(mention)
    return [{"value": value, "spans": [[m.start, m.end] for m in group]} for value, group in groups.items()]
