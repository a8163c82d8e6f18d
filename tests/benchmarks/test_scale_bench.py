"""`memoria scale-bench` end to end at a tiny size, on the test PostgreSQL server.

Run as an operator runs it: its own process, production settings, a throwaway database of its
own on the server of DATABASE_URL. The full-size figures are the benchmark's (docs/SCALING.md).
"""

import json
import os
import subprocess
import sys

import dj_database_url
import psycopg
import pytest

URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not URL.startswith(("postgres://", "postgresql://")),
                                reason="scale-bench runs on PostgreSQL: set DATABASE_URL to a PostgreSQL server")

# A names dev set in the layout of /work/shared/names/dev.tsv: real Cyrillic given names (kazru-*
# groups) and surnames, which generate_synthetic combines into SYNTHETIC people.
GIVEN = ["Айбек", "Болат", "Дархан", "Ерлан", "Жанат", "Ильяс", "Канат", "Марат", "Нурлан", "Олжас",
         "Рустем", "Серик", "Талгат", "Улан", "Фархат", "Хасен", "Шокан", "Арман", "Бауыржан", "Галым"]
SURNAMES = ["Абаев", "Бекетов", "Жумабаев", "Исаков", "Кенжебаев", "Омаров", "Сейтов", "Тулегенов",
            "Уразов", "Шарипов", "Ахметов", "Байжанов", "Есенов", "Калиев", "Мусин", "Нуров", "Рахимов",
            "Садыков", "Темиров", "Юсупов"]


def test_scale_bench_loads_indexes_and_finds_a_synthetic_person(tmp_path):
    dev = tmp_path / "dev.tsv"
    dev.write_text("group_id\tname\ttag\n"
                   + "".join(f"kazru-{i}\t{name}\tCyrl-kk\n" for i, name in enumerate(GIVEN))
                   + "".join(f"sur-{i}\t{name}\tCyrl-ru\n" for i, name in enumerate(SURNAMES)),
                   encoding="utf-8")
    config = dj_database_url.parse(URL)
    name = f"memoria_scale_test_{os.environ.get('MEMORIA_TEST_DB_NAME', 'default')}"
    url = f"postgres://{config['USER']}@{config['HOST']}:{config['PORT']}/{name}"
    out = tmp_path / "scale.json"
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_REPLICA_URLS", "DJANGO_SETTINGS_MODULE"}}
    env["MEMORIA_DATA_DIR"] = str(tmp_path / "data")
    command = [sys.executable, "-m", "memoria", "scale-bench", "--people", "200", "--database", url,
               "--dev", str(dev), "--workdir", str(tmp_path), "--out", str(out), "--name-queries", "20",
               "--search-queries", "2", "--json", "--keep", "--verbosity", "0"]
    result = subprocess.run(command, env=env, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    try:
        assert figures["finished"] and json.loads(out.read_text(encoding="utf-8")) == figures
        assert figures["rows"]["people"] == 200
        # One document per person, place and unit; the raw COPY reference reloads the same ones.
        rebuild = figures["fulltext_rebuild"]
        assert rebuild["documents"] == 200 + figures["rows"]["places"] + figures["rows"]["units"]
        assert rebuild["reference"]["documents"] == rebuild["documents"]
        assert set(figures["build_seconds"]) >= {"index: memoria reindex --skip-names",
                                                 "index: memoria reindex-names"}
        # The name search finds the synthetic person the generator spelled the query for.
        example = figures["name_search"]["examples"][0]
        assert example["rank"] is not None and 1 <= example["rank"] <= 10
        assert figures["name_search"]["recall_at_10"] >= 0.5
        assert set(figures["fulltext_search"]) == {"rare word", "common word", "rare word + place facet",
                                                   "filters alone"}
        assert figures["fulltext_search"]["filters alone"]["median_results"] > 0
        assert figures["sizes"]["search_indexedname_bytes"] > 0
        with psycopg.connect(dbname=name, user=config["USER"], host=config["HOST"], port=config["PORT"]) as db:
            spellings = [row[0] for row in db.execute(
                "SELECT text FROM archive_namevariant WHERE person_id = %s", [example["person"]])]
            display = db.execute("SELECT name_ru FROM archive_person WHERE id = %s", [example["person"]]).fetchone()[0]
            indexed = db.execute("SELECT count(*) FROM search_indexedname WHERE person_id = %s",
                                 [example["person"]]).fetchone()[0]
        assert example["query"] in [*spellings, display]
        assert indexed == len({*spellings, display})
    finally:
        with psycopg.connect(dbname="postgres", user=config["USER"], host=config["HOST"], port=config["PORT"],
                             autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_scale_bench_refuses_a_database_it_would_not_drop(tmp_path):
    config = dj_database_url.parse(URL)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["MEMORIA_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run([sys.executable, "-m", "memoria", "scale-bench", "--people", "10", "--database",
                             f"postgres://{config['USER']}@{config['HOST']}:{config['PORT']}/memoria"],
                            env=env, check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "must begin with 'memoria_scale'" in result.stderr
