"""`memoria duplicates`: the whole archive, stored pairs, best first, as text or JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from memoria.duplicates.merge import decide_different
from memoria.duplicates.models import CandidatePair

from .finding_data import omarovs, person


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("duplicates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def people(db):
    first, second, namesake = omarovs()
    first.external_id = "test:omarov:1"
    first.save()
    # names alone: proposed from a lower score only (a whole name is shared by namesakes)
    alike = person("Sintetik Testov", ["Синтетик Тестов"])
    again = person("Testov Sintetik")
    CandidatePair.objects.all().delete()  # the arrival check's pairs: the command finds them again
    return first, second, namesake, alike, again


def test_json_lists_the_pairs_best_first(people):
    first, second, _namesake, alike, again = people
    out, err = run("--json", "--min-score", "0.5")
    data = json.loads(out)
    assert list(data) == ["pairs"]
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [
        ({"id": first.pk, "external_id": "test:omarov:1"}, {"id": second.pk, "external_id": None}),
        ({"id": alike.pk, "external_id": None}, {"id": again.pk, "external_id": None}),
    ]
    best, names_only = data["pairs"]
    assert set(best) == {"a", "b", "score", "reasons"}
    assert 0.9 < best["score"] <= 1 and 0.5 <= names_only["score"] < best["score"]
    assert best["reasons"][1] == "birth dates agree: 1918 / 1918-03-02"
    assert names_only["reasons"] == ["names agree: Sintetik Testov ~ Testov Sintetik (1.00)"]
    assert "5 people" in err and "100%" in err  # the summary and the progress bar, on stderr
    assert CandidatePair.objects.count() == 2


def test_min_score_leaves_out_the_weaker_pairs(people):
    first, second, *_ = people
    data = json.loads(run("--json", "--min-score", "0.9")[0])
    assert [(p["a"]["id"], p["b"]["id"]) for p in data["pairs"]] == [(first.pk, second.pk)]
    assert json.loads(run("--json", "--min-score", "1")[0]) == {"pairs": []}
    with pytest.raises(CommandError, match="between 0 and 1"):
        run("--min-score", "2")


def test_text_output_gives_the_reasons_and_never_a_pair_decided_different(people, curator):
    first, second, *_ = people
    out, _err = run()
    assert f"#{first.pk} Testbek Omarov  ~  #{second.pk} Omarov Testbek" in out
    assert "      birth dates agree: 1918 / 1918-03-02" in out
    decide_different(CandidatePair.objects.get(person_a=first, person_b=second), curator)
    out, _err = run()
    assert "Testbek Omarov" not in out
    listed = [(p["a"]["id"], p["b"]["id"]) for p in json.loads(run("--json", "--min-score", "0")[0])["pairs"]]
    assert (first.pk, second.pk) not in listed and listed  # the others are still there
