"""The benchmark command and the data generators work end to end on small inputs."""

import json

import pytest

from memoria.benchmarks import name_datasets as datasets
from memoria.benchmarks import names as bench

DEV = """group_id\tname\ttag
g1\tҚойшыбаев\tCyrl-kk
g1\tКойшыбаев\tCyrl-ru
g1\tKoishybayev\tLatn-en
g1\tKoïchibaev\tLatn-fr
kazru-0002\tЖамбыл\tCyrl-kk
kazru-0002\tДжамбул\tCyrl-ru
kazru-0002\tDzhambul\tLatn-en
kazru-0002\tJambyl\tLatn-kk
kazru-0003\tАбдулла\tCyrl-kk|ru
kazru-0003\tabdulla\tLatn-wdEnLabel
kazru-0003\tabdullah\tLatn-wdEnLabel
kazru-0004\tСерік\tCyrl-kk
kazru-0004\tСерик\tCyrl-ru
kazru-0004\tserik\tLatn-wdEnLabel
g5\tИванов\tCyrl-ru
g5\tivanov\tLatn-wdEnLabel
g6\tЖабаев\tCyrl-kk|ru
g6\tzhabayev\tLatn-wdEnLabel
g7\tАлиев\tCyrl-ru
"""


@pytest.fixture()
def dev_file(tmp_path):
    p = tmp_path / "dev.tsv"
    p.write_text(DEV, encoding="utf-8")
    return p


def test_bench_json(dev_file, capsys):
    assert bench.main(["--dataset", str(dev_file), "--json", "--methods", "memoria,exact"]) == 0
    out = json.loads(capsys.readouterr().out)
    for m in ("memoria", "exact"):
        for mode in ("any", "cross"):
            assert set(out[m][mode]) >= {"recall_at_1", "recall_at_10", "mrr"}
        assert out[m]["p95_ms"] >= out[m]["p50_ms"] >= 0
        assert out[m]["index_seconds"] >= 0
    assert out["memoria"]["cross"]["recall_at_1"] == 1.0
    assert out["memoria"]["any"]["recall_at_10"] == 1.0


def test_bench_table(dev_file, capsys):
    assert bench.main(["--dataset", str(dev_file), "--methods", "memoria,exact"]) == 0
    text = capsys.readouterr().out
    assert "memoria" in text and "R@10" in text


def test_bench_missing_file(tmp_path, capsys):
    assert bench.main(["--dataset", str(tmp_path / "nope.tsv")]) == 2


def test_whole_names_is_reproducible(dev_file, tmp_path):
    rows1 = datasets.whole_names(str(dev_file), None, seed=7, people=10)
    rows2 = datasets.whole_names(str(dev_file), str(tmp_path / "w.tsv"), seed=7, people=10)
    assert rows1 == rows2 and rows1
    text = (tmp_path / "w.tsv").read_text(encoding="utf-8")
    assert text.startswith("group_id\tname\ttag\n")
    assert any(" " in r[1] for r in rows1)  # whole names


def test_synthetic_is_marked(dev_file, tmp_path):
    out = tmp_path / "s.tsv"
    n = datasets.generate_synthetic(50, str(out), seed=3, dev_path=str(dev_file))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "SYNTHETIC" in lines[0]
    body = [ln for ln in lines if not ln.startswith("#")][1:]
    assert len(body) == n and 100 <= n <= 200
    assert all("SYNTHETIC" in ln.split("\t")[2] for ln in body)
