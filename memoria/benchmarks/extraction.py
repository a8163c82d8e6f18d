"""How well memoria.texts.extraction finds people, places, units and dates, on annotated texts.

A dataset is a directory of `<name>.txt` (UTF-8) + `<name>.gold.json` (the hand annotation:
{"people": [{"text", "span": [start, end]}, ...], "places": [...], "units": [...],
"dates": [{"text", "span", "value": EDTF}, ...]}) + `<name>.json` (where the text comes from,
with its "language"). See data/texts/README.md.

Matching is by span overlap, mention by mention: a gold mention is found when a proposed span of
the same kind overlaps it (recall); a proposed span is right when it overlaps a gold mention of
the same kind (precision). Overlap rather than equality because where a name ends is a matter of
convention ("Major General Marat Nagumanov": the rank is outside the person's span in both, but
"Францияда" keeps its case suffix in the gold and may lose it in a proposal). For dates, the
share of found dates whose EDTF value is exactly the gold one is reported apart (value_accuracy).

Speed: the models are loaded and every text extracted once untimed first; seconds per 1,000 words is the extraction time over all texts
of a language divided by their words, and `seconds_5000_words` times one text of at least 5,000
words made by repeating that language's texts, in wall-clock and in CPU seconds (on a shared
machine the CPU time is what the extraction itself costs; the load average is recorded).
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

KINDS = ("people", "places", "units", "dates")
LONG_TEXT_WORDS = 5000


def load(directory: Path) -> list[dict]:
    texts = []
    for gold_path in sorted(directory.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        meta = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        texts.append({"name": name, "language": meta["language"],
                      "text": (directory / f"{name}.txt").read_text(encoding="utf-8"),
                      "gold": json.loads(gold_path.read_text(encoding="utf-8"))})
    if not texts:
        raise ValueError(f"{directory}: no <name>.gold.json files — not an annotated dataset")
    return texts


def _overlaps(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(predicted: dict, gold: dict) -> dict:
    """Counts per kind for one text: proposed, right, gold, found (and for dates, exact values)."""
    counts = {}
    for kind in KINDS:
        spans = [(tuple(span), p.get("value")) for p in predicted[kind] for span in p["spans"]]
        gold_spans = [(tuple(g["span"]), g.get("value")) for g in gold.get(kind, [])]
        right = sum(any(_overlaps(s, g) for g, _ in gold_spans) for s, _ in spans)
        found = exact = 0
        for g, value in gold_spans:
            hits = [v for s, v in spans if _overlaps(s, g)]
            if hits:
                found += 1
                exact += value in hits
        counts[kind] = {"proposed": len(spans), "right": right, "gold": len(gold_spans), "found": found,
                        "exact": exact}
    return counts


def _ratios(c: dict, kind: str) -> dict:
    out = {"precision": round(c["right"] / c["proposed"], 3) if c["proposed"] else None,
           "recall": round(c["found"] / c["gold"], 3) if c["gold"] else None,
           "gold": c["gold"], "proposed": c["proposed"]}
    if kind == "dates":
        out["value_accuracy"] = round(c["exact"] / c["found"], 3) if c["found"] else None
    return out


def run(directory: Path, *, link: bool = False) -> dict:
    from memoria.texts.extraction import extract, load_models

    texts = load(directory)
    languages = sorted({t["language"] for t in texts})
    for language in languages:
        load_models(language)
    for t in texts:  # the rules' patterns and the date locales are compiled on first use: not timed
        extract(t["text"], t["language"], link=link)
    totals = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))  # language → kind → counts
    seconds = defaultdict(float)
    words = defaultdict(int)
    per_text = {}
    for t in texts:
        started = time.perf_counter()
        predicted = extract(t["text"], t["language"], link=link)
        seconds[t["language"]] += time.perf_counter() - started
        words[t["language"]] += len(t["text"].split())
        counts = score(predicted, t["gold"])
        per_text[t["name"]] = {kind: _ratios(c, kind) for kind, c in counts.items()}
        for kind, c in counts.items():
            for key, value in c.items():
                totals[t["language"]][kind][key] += value
                totals["all"][kind][key] += value
    long_text = {}
    for language in languages:
        pieces = [t["text"] for t in texts if t["language"] == language]
        text = "\n\n".join(pieces)
        while len(text.split()) < LONG_TEXT_WORDS:
            text += "\n\n" + "\n\n".join(pieces)
        started, cpu = time.perf_counter(), time.process_time()
        extract(text, language, link=link)
        long_text[language] = {"words": len(text.split()), "seconds": round(time.perf_counter() - started, 3),
                               "cpu_seconds": round(time.process_time() - cpu, 3)}
    return {
        "dataset": str(directory),
        "texts": len(texts),
        "link": link,
        "matching": "span overlap, mention by mention (see memoria/benchmarks/extraction.py)",
        "by_language": {language: {kind: _ratios(c, kind) for kind, c in kinds.items()}
                        for language, kinds in sorted(totals.items())},
        "seconds_per_1000_words": {language: round(1000 * seconds[language] / words[language], 3)
                                   for language in languages},
        "seconds_5000_words": long_text,
        "load_average": _load_average(),
        "per_text": per_text,
    }


def _load_average() -> float | None:
    """The machine's 1-minute load when measured: the speed figures mean little on a busy machine."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def table(result: dict) -> str:
    """The figures as a Markdown table: one row per language and kind."""
    lines = ["| language | kind | precision | recall | gold | proposed |", "|---|---|---|---|---|---|"]
    for language, kinds in result["by_language"].items():
        for kind in KINDS:
            r = kinds.get(kind)
            if r is None:
                continue
            extra = f" (EDTF exact {r['value_accuracy']})" if kind == "dates" and r.get("value_accuracy") is not None else ""
            lines.append(f"| {language} | {kind} | {r['precision']} | {r['recall']}{extra} | {r['gold']} | {r['proposed']} |")
    lines.append("")
    lines.append("seconds per 1,000 words: " + ", ".join(
        f"{k} {v}" for k, v in result["seconds_per_1000_words"].items()))
    lines.append("one text of 5,000+ words: " + ", ".join(
        f"{k} {v['seconds']} s, CPU {v['cpu_seconds']} s ({v['words']} words)"
        for k, v in result["seconds_5000_words"].items()))
    lines.append(f"load average while measured: {result['load_average']}")
    return "\n".join(lines)
