"""Benchmark of cross-script name matching against baselines: ``memoria names-bench --dataset FILE [--json]``.

Plain Python without Django, so it also runs on its own:
``python -m memoria.benchmarks.names --dataset FILE [--json]``.

FILE: TSV with a header and columns ``group_id``, ``name``, ``tag`` (lines starting with ``#``
are comments). Every name is indexed; then each name of a group of two or more is the query,
with itself removed from the index (``any``), and again with every name of its group written
in its own script removed (``cross``: only spellings in the other script can find it). Results
are groups ranked by their best-scoring name. Reported: recall@1, recall@10, MRR, p50/p95 time
of one query, time to index. For memoria, also what the site shows: ``shown_at_10``, the right
group among the first 10 groups listed (a similarity of at least ``MIN_SCORE``);
``confident_at_10``, among them and held a match (``is_confident``), not "less alike";
``other_confident``, the share of queries where another group is held a match too (namesakes
sharing the initials count: in a synthetic set of whole names they are many).

Baselines (benchmark-only dependencies, imported lazily; abydos is GPL-3 and never imported by
the library):

* ``exact``: equality after casefold;
* ``jaro_winkler``: ``unidecode`` + lower case, rapidfuzz Jaro-Winkler against every indexed
  name (exact evaluation, no blocking);
* ``beider_morse``: abydos Beider-Morse (generic mode, approximate, language detected by
  abydos), each token of ``unidecode``d text encoded, a name = the set of its phonetic codes;
  score = Jaccard overlap of code sets, ties broken by Jaro-Winkler on the ``unidecode``d
  strings; candidates = names sharing a code (exact: a name sharing no code scores 0);
* ``daitch_mokotoff``: abydos Daitch-Mokotoff on ``unidecode``d tokens, same scoring.

Remaining ties are broken by index order (stable), the same for every method.
"""

from __future__ import annotations

import argparse
from abc import ABC, abstractmethod
import csv
import json
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable

from memoria.names.matching import NameIndex, NameMatch, is_confident
from memoria.names.normalize import InvalidName, detect_script


def load_dataset(path: str) -> list[tuple[str, str, str]]:
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = (ln for ln in fh if not ln.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for r in reader:
            name = (r.get("name") or "").strip()
            if name:
                rows.append((r["group_id"], name, r.get("tag") or ""))
    return rows


def _script(name: str, tag: str) -> str:
    s = detect_script(name)
    if s in ("Cyrl", "Latn"):
        return s
    return "Cyrl" if tag.startswith("Cyrl") else "Latn" if tag.startswith("Latn") else s


class _Method(ABC):
    """A method: ``build(rows)`` then ``search(idx, exclude) -> [(id, score)]`` best first."""

    name = ""

    @abstractmethod
    def build(self, names: list[str]) -> None: ...

    @abstractmethod
    def search(self, qid: int, exclude: set[int]) -> list[tuple[int, float]]: ...


class MemoriaMethod(_Method):
    name = "memoria"

    def build(self, names):
        self.names = names
        self.index = NameIndex()
        for i, n in enumerate(names):
            try:
                self.index.add(i, n)
            except InvalidName:
                pass

    def search(self, qid, exclude):
        return self.index.search(self.names[qid], limit=None, exclude=exclude)

    def matches(self, qid: int, exclude: set[int]) -> list[NameMatch]:
        return self.index.matches(self.names[qid], limit=None, exclude=exclude)


class ExactMethod(_Method):
    name = "exact"

    def build(self, names):
        self.names = names
        self.keys = [n.casefold().strip() for n in names]
        self.post = defaultdict(list)
        for i, k in enumerate(self.keys):
            self.post[k].append(i)

    def search(self, qid, exclude):
        return [(i, 1.0) for i in self.post[self.keys[qid]] if i not in exclude]


class JaroWinklerMethod(_Method):
    name = "jaro_winkler"

    def build(self, names):
        import numpy as np
        from unidecode import unidecode

        self.np = np
        self.names = [unidecode(n).lower().strip() for n in names]

    def search(self, qid, exclude):
        from rapidfuzz import process
        from rapidfuzz.distance import JaroWinkler

        np = self.np
        scores = process.cdist([self.names[qid]], self.names,
                               scorer=JaroWinkler.normalized_similarity, dtype=np.float32)[0]
        if exclude:
            scores[list(exclude)] = -1.0
        top = np.argsort(-scores, kind="stable")[:200]
        return [(int(i), float(scores[i])) for i in top if scores[i] >= 0]


class _CodeSetMethod(_Method):
    @abstractmethod
    def encoder(self) -> Callable[[str], set[str]]: ...

    def build(self, names):
        import re

        from unidecode import unidecode

        self.plain = [unidecode(n).lower().strip() for n in names]
        enc = self.encoder()
        cache: dict[str, frozenset] = {}
        self.codes = []
        self.post = defaultdict(list)
        for i, n in enumerate(names):
            codes: set[str] = set()
            for tok in re.findall(r"[a-z]+", unidecode(n).lower()):
                c = cache.get(tok)
                if c is None:
                    c = cache[tok] = frozenset(enc(tok))
                codes |= c
            codes = frozenset(codes)
            self.codes.append(codes)
            for c in codes:
                self.post[c].append(i)

    def search(self, qid, exclude):
        q = self.codes[qid]
        cands = set()
        for c in q:
            cands.update(self.post[c])
        cands -= exclude
        from rapidfuzz.distance import JaroWinkler

        qp = self.plain[qid]
        out = []
        for i in sorted(cands):
            o = self.codes[i]
            jw = JaroWinkler.normalized_similarity(qp, self.plain[i])
            out.append((i, len(q & o) / len(q | o), jw))
        out.sort(key=lambda x: (-x[1], -x[2]))
        return [(i, s) for i, s, _ in out]


class BeiderMorseMethod(_CodeSetMethod):
    name = "beider_morse"

    def encoder(self):
        from abydos.phonetic import BeiderMorse

        bm = BeiderMorse(name_mode="gen", match_mode="approx")
        return lambda t: set(bm.encode(t).split())


class DaitchMokotoffMethod(_CodeSetMethod):
    name = "daitch_mokotoff"

    def encoder(self):
        from abydos.phonetic import DaitchMokotoff

        dm = DaitchMokotoff()
        return lambda t: set(dm.encode(t))


METHODS = {m.name: m for m in (MemoriaMethod, ExactMethod, JaroWinklerMethod,
                               BeiderMorseMethod, DaitchMokotoffMethod)}


def evaluate(method: _Method, rows: list[tuple[str, str, str]],
             sample: int | None = None, seed: int = 1) -> dict:
    names = [r[1] for r in rows]
    groups = [r[0] for r in rows]
    scripts = [_script(r[1], r[2]) for r in rows]
    members: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        members[g].append(i)

    t0 = time.perf_counter()
    method.build(names)
    index_s = time.perf_counter() - t0

    res: dict = {"index_seconds": round(index_s, 3),
                 "names_per_second": round(len(names) / index_s) if index_s > 0 else None}
    times: list[float] = []
    queries = list(range(len(names)))
    if sample and sample < len(queries):
        import random

        queries = sorted(random.Random(seed).sample(queries, sample))
        res["sampled_queries"] = sample
    judged = isinstance(method, MemoriaMethod)
    for mode in ("any", "cross"):
        n = h1 = h10 = 0
        rr = 0.0
        shown = confident = other_confident = 0
        for q in queries:
            grp = members[groups[q]]
            if len(grp) < 2:
                continue
            if mode == "any":
                excl = {q}
            else:
                excl = {i for i in grp if scripts[i] == scripts[q]}
                if len(excl) == len(grp):
                    continue  # no spelling in the other script: not a cross-script query
            t = time.perf_counter()
            hits = method.search(q, excl)
            times.append(time.perf_counter() - t)
            seen: list[str] = []
            rank = 0
            for i, _s in hits:
                g = groups[i]
                if g in seen:
                    continue
                seen.append(g)
                if g == groups[q]:
                    rank = len(seen)
                    break
                if len(seen) >= 100:
                    break
            n += 1
            if rank:
                rr += 1.0 / rank
                h1 += rank == 1
                h10 += rank <= 10
            if judged:
                found = _first_groups(method.matches(q, excl), groups, 10)
                right = found.get(groups[q])
                shown += right is not None
                confident += right is not None and is_confident(right)
                other_confident += any(is_confident(e) for g, e in found.items() if g != groups[q])
        res[mode] = {"queries": n,
                     "recall_at_1": round(h1 / n, 4) if n else None,
                     "recall_at_10": round(h10 / n, 4) if n else None,
                     "mrr": round(rr / n, 4) if n else None}
        if judged and n:
            res[mode].update(shown_at_10=round(shown / n, 4), confident_at_10=round(confident / n, 4),
                             other_confident=round(other_confident / n, 4))
    times.sort()

    def pct(p):
        return round(1000 * times[min(len(times) - 1, math.ceil(p * len(times)) - 1)], 3) if times else None

    res["p50_ms"] = pct(0.50)
    res["p95_ms"] = pct(0.95)
    return res


def _first_groups(found: list[NameMatch], groups: list[str], count: int) -> dict[str, float]:
    """{group: its best-scoring name's evidence} for the first ``count`` groups shown."""
    out: dict[str, float] = {}
    for match in found:
        g = groups[match.id]
        if g not in out:
            if len(out) == count:
                break
            out[g] = match.evidence
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="memoria names-bench",
                                 description="Benchmark cross-script name matching.")
    ap.add_argument("--dataset", required=True, metavar="FILE",
                    help="TSV with header: group_id, name, tag")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--methods", default=",".join(METHODS),
                    help="comma-separated subset of: " + ", ".join(METHODS))
    ap.add_argument("--sample", type=int, default=None, metavar="N",
                    help="use N queries drawn at random (seed 1) instead of every name "
                         "(all names are still indexed); for the large synthetic set")
    args = ap.parse_args(argv)
    try:
        rows = load_dataset(args.dataset)
    except (OSError, KeyError, csv.Error) as e:
        print(f"memoria names-bench: cannot read {args.dataset}: {e}", file=sys.stderr)
        return 2
    out: dict = {"dataset": args.dataset, "names": len(rows),
                 "groups": len({r[0] for r in rows})}
    for name in [m.strip() for m in args.methods.split(",") if m.strip()]:
        if name not in METHODS:
            print(f"memoria names-bench: unknown method {name}", file=sys.stderr)
            return 2
        try:
            out[name] = evaluate(METHODS[name](), rows, args.sample)
        except ImportError as e:
            out[name] = {"error": f"not installed: {e}"}
        if not args.json:
            print(f"... {name} done", file=sys.stderr)
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"dataset {out['dataset']}: {out['names']} names, {out['groups']} groups")
        hdr = (f"{'method':<16}{'any R@1':>9}{'R@10':>8}{'MRR':>8}{'cross R@1':>11}{'R@10':>8}"
               f"{'MRR':>8}{'p50 ms':>9}{'p95 ms':>9}{'index s':>9}{'names/s':>10}")
        print(hdr)
        print("-" * len(hdr))
        for k, v in out.items():
            if not isinstance(v, dict):
                continue
            if "error" in v:
                print(f"{k:<16}{v['error']}")
                continue
            a, c = v["any"], v["cross"]

            def f(x, w):
                return f"{x:>{w}.3f}" if isinstance(x, (int, float)) else f"{'-':>{w}}"

            print(f"{k:<16}{f(a['recall_at_1'], 9)}{f(a['recall_at_10'], 8)}{f(a['mrr'], 8)}"
                  f"{f(c['recall_at_1'], 11)}{f(c['recall_at_10'], 8)}{f(c['mrr'], 8)}"
                  f"{f(v['p50_ms'], 9)}{f(v['p95_ms'], 9)}{f(v['index_seconds'], 9)}"
                  f"{v['names_per_second'] or 0:>10}")
        first = next((v for v in out.values() if isinstance(v, dict) and "any" in v), None)
        if first:
            print(f"({first['any']['queries']} queries any-variant, {first['cross']['queries']} "
                  "cross-script: only the other script's spellings can match)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
