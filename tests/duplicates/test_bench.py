"""`memoria duplicates-bench` on a small names set: the figures a maintainer reads."""

import io
import json

from django.conf import settings
from django.core.management import call_command

from memoria.archive.models import NameVariant, Person
from memoria.benchmarks import duplicates
from memoria.duplicates import finding
from memoria.duplicates.models import CandidatePair
from memoria.search import name_backends, name_index
from memoria.search.models import IndexedName

# A few real spellings in the dev set's layout (group_id, name, tag): surnames and given names.
NAMES = """group_id\tname\ttag
sigpwned-KZ-1\tАхметов\tCyrl-kk|ru
sigpwned-KZ-1\tAhmetov\tLatn-romanized
sigpwned-KZ-2\tОмаров\tCyrl-kk|ru
sigpwned-KZ-2\tOmarov\tLatn-romanized
sigpwned-KZ-4\tОспанов\tCyrl-kk|ru
sigpwned-KZ-4\tOspanov\tLatn-romanized
kazru-0001\tАйбек\tCyrl-kk|ru
kazru-0001\taybak\tLatn-wdEnLabel
kazru-0002\tАлександр\tCyrl-kk|ru
kazru-0002\talexander\tLatn-wdEnLabel
kazru-0003\tМарат\tCyrl-kk|ru
kazru-0003\tmarat\tLatn-wdEnLabel
kazru-0004\tСерік\tCyrl-kk
kazru-0004\tСерик\tCyrl-ru
kazru-0004\tserik\tLatn-wdEnLabel
"""


def test_the_benchmark_reports_precision_recall_and_time(tmp_path, db):
    names = tmp_path / "names.tsv"
    names.write_text(NAMES, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("duplicates-bench", "--dataset", str(names), "--people", "40", "--scale", "60",
                 "--json", "--out", str(tmp_path / "figures.json"), stdout=out, stderr=err)
    figures = json.loads(out.getvalue())
    assert figures == json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    quality = figures["quality"]
    assert quality["people"] == 40 and quality["records"] > 40 and quality["true_pairs"] > 0
    assert 0 < quality["precision"] <= 1 and 0 < quality["recall"] <= 1
    assert [t["threshold"] for t in quality["by_threshold"]] == [0.6, 0.7, 0.75, 0.8, 0.9]
    assert quality["seconds_per_100k_records"] >= 0
    scale = figures["scale"]
    # the database run: 60 SYNTHETIC records loaded, found over, the pairs stored
    assert scale["records"] == 60 == Person.objects.filter(external_id__startswith="synthetic:").count()
    assert scale["pairs_found"] == CandidatePair.objects.count() > 0
    assert "reading" in err.getvalue() and "scoring" in err.getvalue()


def test_held_out_folds_measure_names_the_threshold_was_not_tuned_on(tmp_path, db):
    names = tmp_path / "names.tsv"
    names.write_text(NAMES, encoding="utf-8")
    out = io.StringIO()
    call_command("duplicates-bench", "--dataset", str(names), "--people", "30", "--folds", "2",
                 "--json", stdout=out, stderr=io.StringIO())
    held_out = json.loads(out.getvalue())["held_out"]
    assert held_out["folds"] == 2 and held_out["threshold"] == settings.MEMORIA_DUPLICATE_MIN_SCORE
    folds = held_out["by_fold"]
    assert [f["fold"] for f in folds] == [0, 1]
    # every name falls in one part: the parts' surnames and given names add up to the whole set's
    assert sum(f["surnames"] for f in folds) == 3 and sum(f["given_names"] for f in folds) == 4
    for fold in folds:
        assert fold["true_pairs"] > 0 and 0 < fold["recall"] <= 1
        assert fold["tuned_threshold"] in (0.6, 0.7, 0.75, 0.8, 0.9)
    assert 0 < held_out["recall"] <= 1


def test_the_bulk_loaded_archive_is_the_one_the_archive_itself_would_index(tmp_path, db):
    names = tmp_path / "names.tsv"
    names.write_text(NAMES, encoding="utf-8")
    records = duplicates.build(50, str(names), seed=3)
    duplicates.load_into_archive(records)
    # every record is a person with its spellings
    assert Person.objects.count() == len(records)
    assert set(NameVariant.objects.values_list("person_id", "text")) == {
        (r.facts.id, text) for r in records for text in r.facts.names}
    index = set(IndexedName.objects.values_list("person_id", "variant_id", "text", "keys"))
    pairs = {(f.a, f.b, f.score) for f in finding.find_candidates()}
    assert pairs
    # the index's text index answers: a key of a loaded spelling finds its person
    person_id, _variant, _text, keys = next(iter(index))
    assert person_id in {p for _k, p in name_backends.spellings_with([keys.split()[0]], 1000)}
    # `memoria reindex-names` writes the same rows, and the same pairs are found over them
    name_index.rebuild()
    assert set(IndexedName.objects.values_list("person_id", "variant_id", "text", "keys")) == index
    assert {(f.a, f.b, f.score) for f in finding.find_candidates()} == pairs
