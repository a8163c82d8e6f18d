"""The table of docs/PERFORMANCE.md, written from `memoria bench`'s figures.

Only the part between the two markers is replaced; the rest of the document (how to run, what each
row means) is written by hand.
"""

from __future__ import annotations

from pathlib import Path

BEGIN = "<!-- memoria bench: table (written by `memoria bench`, do not edit by hand) -->"
END = "<!-- memoria bench: end of table -->"


def _yes(met: bool) -> str:
    return "yes" if met else "**no**"


def _ms(value) -> str:
    return "none finished" if value is None else f"{value:g}"


def table(result: dict) -> str:
    about = result["machine"]
    engine = f"PostgreSQL {about['postgresql']}" if "postgresql" in about else f"SQLite {about['sqlite']}"
    lines = [
        f"Measured {result['date']} on {about['cpu']}, {about['nproc']} of {about['cpus']} CPUs, "
        f"{about['memory_gb']} GB, Python {about['python']}, {engine}; load average "
        f"{about['load_average_at_start'][0]} at the start, {about['load_average_at_end'][0]} at the end. "
        f"Archive on {result.get('database', 'SQLite')}: the demo + {result['size']} SYNTHETIC people.",
        "",
        "| page | cache | req/s (c=8) | share of static | server CPU ms/request | share of static by CPU "
        "| p50 ms (c=8) | p99 ms (c=8) | p99 ms (c=32) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for mode, rows in result["pages"].items():
        for name, row in rows.items():
            at32 = _ms(row["c32"]["p99_ms"]) if "c32" in row else ""
            cpu_ms, cpu_share = row["c8"].get("server_cpu_ms"), row.get("cpu_ratio_to_static")
            lines.append(f"| {name} | {mode} | {row['c8']['req_s']:g} | {row['ratio_to_static']:.3f} | "
                         f"{'' if cpu_ms is None else f'{cpu_ms:g}'} | "
                         f"{'' if cpu_share is None else f'{cpu_share:.3f}'} | "
                         f"{_ms(row['c8']['p50_ms'])} | {_ms(row['c8']['p99_ms'])} | {at32} |")
    saves, names, fulltext = result["saves"], result["search"]["names"], result["search"]["fulltext"]
    replayed = fulltext["engine_statements"]
    imported, index = result["import"], result["index_load"]
    lines += [
        "",
        "| measure | figure | reference | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| a curator's save, p50 / p95 / max ms with {saves['readers']['connections']} readers | "
        f"{saves['with_readers']['p50_ms']:g} / {saves['with_readers']['p95_ms']:g} / "
        f"{saves['with_readers']['max_ms']:g} | alone {saves['alone']['p50_ms']:g} / {saves['alone']['p95_ms']:g}"
        f" / {saves['alone']['max_ms']:g} | {saves['with_readers']['p95_ms'] / saves['alone']['p95_ms']:.1f}x (p95) |",
        f"| name search `find_people`, p50 / p95 ms | {names['find_people']['p50_ms']:g} / "
        f"{names['find_people']['p95_ms']:g} | raw query {names['raw_engine_query']['p50_ms']:g} / "
        f"{names['raw_engine_query']['p95_ms']:g} | "
        f"{names['find_people']['p50_ms'] / names['raw_engine_query']['p50_ms']:.1f}x (p50) |",
        f"| full-text `search_archive`, p50 / p95 ms | {fulltext['search_archive']['p50_ms']:g} / "
        f"{fulltext['search_archive']['p95_ms']:g} | raw MATCH {fulltext['raw_engine_query']['p50_ms']:g} / "
        f"{fulltext['raw_engine_query']['p95_ms']:g} | "
        f"{fulltext['search_archive']['p50_ms'] / fulltext['raw_engine_query']['p50_ms']:.1f}x (p50) |",
        f"| full-text `search_archive` against its own statements replayed, p50 / p95 ms | "
        f"{fulltext['search_archive']['p50_ms']:g} / {fulltext['search_archive']['p95_ms']:g} | "
        f"{replayed['statements_per_search']:g} statements {replayed['p50_ms']:g} / {replayed['p95_ms']:g} | "
        f"{fulltext['search_archive']['p50_ms'] / replayed['p50_ms']:.1f}x (p50) |",
        f"| import, rows/min | {imported['import_rows_per_minute']} | executemany "
        f"{imported['raw_executemany']['rows_per_minute']} | {imported['ratio_to_raw']:.3f} |",
        f"| name index load, names/s | {index['names_per_second']} ({index['names_indexed']} names) | | |",
        f"| full-text index load, documents/s | {index['documents_per_second']} "
        f"({index['documents_indexed']} documents) | | |",
        "",
        "| target | measured | met |",
        "| --- | ---: | --- |",
    ]
    for target, verdict in result["targets"].items():
        worst = f" ({verdict['worst']})" if "worst" in verdict else ""
        lines.append(f"| {target} | {_ms(verdict['value'])}{worst} | {_yes(verdict['met'])} |")
    return "\n".join(lines)


def update(result: dict, path: str) -> Path:
    doc = Path(path)
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{path} has lost its table markers ({BEGIN!r} … {END!r})")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    doc.write_text(f"{head}{BEGIN}\n{table(result)}\n{END}{tail}", encoding="utf-8")
    return doc
