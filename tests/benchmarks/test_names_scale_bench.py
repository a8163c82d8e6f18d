"""`memoria names-scale-bench`: the name search's recall, with the misses no ranking could avoid told apart."""

import io
import json

from django.core.management import call_command

from memoria.archive.models import Person

# SYNTHETIC people: twelve whose queried spelling is the same initial and surname (a tie no
# search can break), and four whose names tell them apart.
HEADER = "group_id\tname\ttag\n"
TIED = "".join(f"syn-{i}\tКузнецов Бруни\tCyrl\nsyn-{i}\tB. Kuznetsov\tLatn-initial\n" for i in range(12))
DISTINCT = (
    "syn-a\tОмаров Кабыш\tCyrl\nsyn-a\tOmarov Kabysh\tLatn\n"
    "syn-b\tХлебников Бұлақбай\tCyrl\nsyn-b\tHlebnikov Bulaqbai\tLatn\n"
    "syn-c\tСамойлова Ерик\tCyrl\nsyn-c\tSamoilova Erik\tLatn\n"
    "syn-d\tВислицкий Буланбай\tCyrl\nsyn-d\tVislitskii Bulanbay\tLatn\n"
)


def test_the_benchmark_counts_a_tie_apart_from_a_miss(tmp_path, db):
    dataset = tmp_path / "names.tsv"
    dataset.write_text(HEADER + TIED + DISTINCT, encoding="utf-8")
    out = io.StringIO()
    call_command("names-scale-bench", "--dataset", str(dataset), "--queries", "16", "--rebuild-only",
                 "--out", str(tmp_path / "figures.json"), stdout=out, stderr=io.StringIO())
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert Person.objects.count() == figures["people"] == 16
    search = figures["search"]
    assert search["queries"] == 16
    # "B. Kuznetsov" finds ten of the twelve who carry it: the other two are ties, not failures
    assert search["misses_that_are_ties"] == 2
    assert search["misses_not_ties"] == 0
    assert search["recall_at_10"] == 14 / 16
    assert search["recall_at_10_distinguishable"] == 1.0
