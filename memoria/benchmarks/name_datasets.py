"""Name data sets for the name benchmarks: real whole names, SYNTHETIC people (plain Python).

* ``whole_names(dev_path, out_path, seed=...)``: whole names (given name + surname, both
  orders, with/without patronymic, with initials) made of the *real* single-word spellings of
  the dev set (``/work/shared/names/dev.tsv`` layout: group_id, name, tag). Deterministic.
* ``generate_synthetic(n, out_path, seed=...)``: a scale set of ``n`` SYNTHETIC people whose
  names are drawn from the Cyrillic names of the dev set and spelled by 2-4 transliteration
  conventions (BGN/PCGN, French, German, ISO 9, Kazakh Latin 2021, Russian/Kazakh Cyrillic).
  Not committed; regenerate it.

Command line::

    python -m memoria.benchmarks.name_datasets whole-names OUT [--dev DEV] [--seed S] [--people N]
    python -m memoria.benchmarks.name_datasets synthetic N OUT [--dev DEV] [--seed S]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

#: The development set lives in shared/, beside the repository.
DEFAULT_DEV = str(Path(__file__).resolve().parents[2].parent / "shared" / "names" / "dev.tsv")
DEFAULT_SEED = 20240509

_KAZ_LETTERS = set("әғқңөұүһі")
_SURNAME_ENDS = ("ов", "ев", "ёв", "ин", "ын", "ова", "ева", "ёва", "ина", "ына", "ский",
                 "цкий", "ская", "цкая")
_PATRONYMIC_ENDS = ("ович", "евич", "ич", "овна", "евна", "ична", "ұлы", "улы", "қызы", "кызы")


def _is_cyr(s: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in s)


def load_groups(dev_path: str) -> dict[str, list[tuple[str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    with open(dev_path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            groups[r["group_id"]].append((r["name"], r["tag"]))
    return dict(sorted(groups.items()))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


class _Component:
    """The spellings of one name (a dev-set group): Kazakh/Russian Cyrillic and Latin."""

    def __init__(self, gid: str, rows: list[tuple[str, str]]):
        self.gid = gid
        self.kk = [_cap(n) for n, t in rows if t.startswith("Cyrl") and ("kk" in t)]
        self.ru = [_cap(n) for n, t in rows if t.startswith("Cyrl") and ("ru" in t or "be" in t)]
        self.cyr = [_cap(n) for n, t in rows if t.startswith("Cyrl")]
        self.lat = [_cap(n) for n, t in rows if t.startswith("Latn")]
        self.ru_form = (self.ru or self.cyr or [""])[0]


def _russian_patronymic(father_ru: str) -> str | None:
    """Russian patronymic of a man (-ович/-евич) from the father's Russian given name, by the
    regular rules; None where the rule needs the irregular forms (vowel endings)."""
    f = father_ru
    low = f.lower()
    if low.endswith("й"):
        return f[:-1] + "евич"
    if low.endswith("ь"):
        return f[:-1] + "евич"
    if low[-1:] in "жшчщц":
        return f + "евич"
    if low[-1:] and low[-1] not in "аеёиоуыэюяь":
        return f + "ович"
    return None


def _latin_patronymic(father_lat: str, rnd: random.Random) -> str:
    low = father_lat.lower()
    if low[-1:] in "aeiouy":
        return father_lat + rnd.choice(["uly", " uly", "-uly"])
    return father_lat + rnd.choice(["ovich", "ovich", "uly", "ovitch", "owitsch"])


def _kazakh_patronymic(father_cyr: str, rnd: random.Random) -> str:
    return father_cyr + rnd.choice(["ұлы", " ұлы", "ұлы"])


def name_pools(dev_path: str) -> tuple[list[_Component], list[_Component]]:
    """The dev set's surnames and Kazakh/Russian given names that have both a Cyrillic and a Latin
    spelling (patronymics left out): the parts synthetic whole names are built from."""
    comps = [_Component(g, rows) for g, rows in load_groups(dev_path).items()]
    surnames, given = [], []
    for c in comps:
        if not (c.cyr and c.lat):
            continue
        low = c.ru_form.lower()
        if low.endswith(_PATRONYMIC_ENDS):
            continue
        if low.endswith(_SURNAME_ENDS) and len(low) > 4:
            surnames.append(c)
        elif c.gid.startswith("kazru"):
            given.append(c)
    return surnames, given

def whole_names(dev_path: str = DEFAULT_DEV, out_path: str | None = None,
                seed: int = DEFAULT_SEED, people: int = 1500) -> list[tuple[str, str, str]]:
    """Build the whole-name set; write it as TSV to ``out_path`` if given; return the rows."""
    rnd = random.Random(seed)
    surnames, given = name_pools(dev_path)
    # a surname pool smaller than the people: many namesakes share a surname or a given name
    rnd.shuffle(surnames)
    surnames = surnames[: max(50, people // 3)]
    rows: list[tuple[str, str, str]] = []
    seen_pairs = set()
    tries = 0
    pid = 0
    while pid < people and tries < people * 20:
        tries += 1
        g, s, f = rnd.choice(given), rnd.choice(surnames), rnd.choice(given)
        if (g.gid, s.gid) in seen_pairs:
            continue
        seen_pairs.add((g.gid, s.gid))
        pid += 1
        gid = f"person-{pid:05d}"
        g_cyr = rnd.choice(g.kk or g.cyr)
        s_cyr = rnd.choice(s.kk or s.cyr)
        g_ru, s_ru = rnd.choice(g.ru or g.cyr), rnd.choice(s.ru or s.cyr)
        # the dev set lists the usual Latin spelling first; later ones are rarer forms
        g_lat, s_lat = g.lat[0], s.lat[0]
        g_lat2, s_lat2 = rnd.choice(g.lat), rnd.choice(s.lat)
        f_cyr, f_lat = rnd.choice(f.kk or f.cyr), f.lat[0]
        pat_ru = _russian_patronymic(rnd.choice(f.ru or f.cyr))
        candidates = [
            (f"{s_cyr} {g_cyr}", "Cyrl-kk|surname-first"),
            (f"{g_ru} {s_ru}", "Cyrl-ru|given-first"),
            (f"{s_cyr} {g_cyr} {_kazakh_patronymic(f_cyr, rnd)}", "Cyrl-kk|patronymic"),
            (f"{s_ru} {g_ru[0]}.", "Cyrl-ru|initial"),
            (f"{g_lat} {s_lat}", "Latn|given-first"),
            (f"{s_lat2} {g_lat2}", "Latn|surname-first"),
            (f"{g_lat[0]}. {s_lat}", "Latn|initial"),
            (f"{s_lat}, {g_lat}", "Latn|comma"),
            (f"{g_lat2} {_latin_patronymic(f_lat, rnd)} {s_lat2}", "Latn|patronymic"),
        ]
        if pat_ru:
            candidates.append((f"{s_ru} {g_ru} {pat_ru}", "Cyrl-ru|patronymic"))
        cyr = [c for c in candidates if c[1].startswith("Cyrl")]
        lat = [c for c in candidates if c[1].startswith("Latn")]
        chosen = rnd.sample(cyr, rnd.randint(1, 3)) + rnd.sample(lat, rnd.randint(1, 3))
        names_seen = set()
        for name, tag in chosen:
            if name.casefold() in names_seen:
                continue
            names_seen.add(name.casefold())
            rows.append((gid, name, tag))
    if out_path:
        with open(out_path, "w", encoding="utf-8", newline="") as fh:
            fh.write("group_id\tname\ttag\n")
            fh.writelines("\t".join(r) + "\n" for r in rows)
    return rows


# --------------------------------------------------------------------------- synthetic set

_BGN_EXTRA = {"ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
              "і": "i"}
_KZ2021 = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
_DE = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sh", "з": "s",
    "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
    "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
    "ә": "ä", "ғ": "g", "қ": "k", "ң": "ng", "ө": "ö", "ұ": "u", "ү": "ü", "һ": "h", "і": "i",
}


def _table_translit(word: str, table: dict[str, str]) -> str:
    out = []
    for ch in word:
        low = ch.lower()
        t = table.get(low, low)
        out.append(t.capitalize() if ch != low and t else t)
    return "".join(out)


def _translit_functions():
    import iuliia

    def kaz_to_ru(w: str) -> str:
        return "".join(_BGN_EXTRA.get(c, c) if c.islower() else _BGN_EXTRA.get(c.lower(), c.lower()).upper()
                       for c in w)

    return {
        "Latn-bgn": lambda w: iuliia.BGN_PCGN.translate(kaz_to_ru(w)),
        "Latn-fr": lambda w: iuliia.MVD_310_FR.translate(kaz_to_ru(w)),
        "Latn-iso9": lambda w: iuliia.ISO_9_1954.translate(kaz_to_ru(w)),
        "Latn-passport": lambda w: iuliia.ICAO_DOC_9303.translate(kaz_to_ru(w)),
        "Latn-de": lambda w: _table_translit(w, _DE),
        "Latn-kk2021": lambda w: _table_translit(w, _KZ2021),
    }


def generate_synthetic(n: int, out_path: str, seed: int = DEFAULT_SEED,
                       dev_path: str = DEFAULT_DEV) -> int:
    """Write ``n`` SYNTHETIC people (2-4 spellings each) to ``out_path``; return rows written.
    Names: given names and surnames of the dev set's Cyrillic kazru-* entries (plus Cyrillic
    surnames of the other groups), combined at random; spellings by several conventions."""
    rnd = random.Random(seed)
    given, surnames = set(), set()
    for gid, rows in load_groups(dev_path).items():
        for name, tag in rows:
            if not tag.startswith("Cyrl") or " " in name:
                continue
            low = name.lower()
            if low.endswith(_PATRONYMIC_ENDS):
                continue
            if low.endswith(_SURNAME_ENDS) and len(low) > 4:
                surnames.add(_cap(low))
            elif gid.startswith("kazru"):
                given.add(_cap(low))
    given_l, sur_l = sorted(given), sorted(surnames)
    tr = _translit_functions()
    conv = sorted(tr)
    count = 0
    with open(out_path, "w", encoding="utf-8", newline="") as fh:
        fh.write("# SYNTHETIC name set: random combinations of real names, NOT real people.\n")
        fh.write(f"# generate_synthetic(n={n}, seed={seed}); regenerate, do not commit.\n")
        fh.write("group_id\tname\ttag\n")
        for p in range(1, n + 1):
            g, s = rnd.choice(given_l), rnd.choice(sur_l)
            gid = f"synthetic-{p:07d}"
            k = rnd.randint(2, 4)
            spellings = [(f"{s} {g}", "SYNTHETIC|Cyrl")]
            for c in rnd.sample(conv, k - 1):
                gl, sl = tr[c](g), tr[c](s)
                form = rnd.random()
                name = f"{gl} {sl}" if form < 0.4 else f"{sl} {gl}" if form < 0.8 else f"{gl[:1]}. {sl}"
                spellings.append((name, f"SYNTHETIC|{c}"))
            for name, tag in spellings:
                fh.write(f"{gid}\t{name}\t{tag}\n")
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m memoria.benchmarks.name_datasets")
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("whole-names", help="whole-name set from the dev set's real spellings")
    w.add_argument("out")
    w.add_argument("--dev", default=DEFAULT_DEV)
    w.add_argument("--seed", type=int, default=DEFAULT_SEED)
    w.add_argument("--people", type=int, default=1500)
    s = sub.add_parser("synthetic", help="SYNTHETIC scale set (not committed)")
    s.add_argument("n", type=int)
    s.add_argument("out")
    s.add_argument("--dev", default=DEFAULT_DEV)
    s.add_argument("--seed", type=int, default=DEFAULT_SEED)
    a = ap.parse_args(argv)
    if a.cmd == "whole-names":
        rows = whole_names(a.dev, a.out, a.seed, a.people)
        print(f"wrote {len(rows)} names, {len({r[0] for r in rows})} groups to {a.out}",
              file=sys.stderr)
    else:
        cnt = generate_synthetic(a.n, a.out, a.seed, a.dev)
        print(f"wrote {cnt} SYNTHETIC names ({a.n} people) to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
