"""An import's report warns about rows that look like people already in the archive."""

from memoria.archive.models import Person
from memoria.duplicates.models import CandidatePair
from tests.imports.conftest import run_import

# The demo's Abibulla Koishybayev (from the article) spelled as another source might, and an
# obviously synthetic person who looks like nobody.
ROWS = ("external_id,name_en,variants\n"
        "test:row:1,Test Person Example,\n"
        "test:row:2,Koichibaev Abibulla,Абибулла Койшибаев|ru|archive\n")


def test_the_dry_run_warns_about_a_row_like_an_existing_person(demo, tmp_path):
    koishybayev = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    sheet = tmp_path / "people.csv"
    sheet.write_text(ROWS, encoding="utf-8")

    dry = run_import("--dry-run", sheet)
    assert "Dry run (nothing stored): 2 created" in dry.out
    warnings = [line for line in dry.out.splitlines() if "looks like" in line]
    assert warnings == [
        (f"  people row 3: looks like #{koishybayev.pk} Abibulla Koishybayev "
         "(0.78: names agree: Әбибулла Қойшыбаев ~ Koichibaev Abibulla (1.00))")]
    assert not CandidatePair.objects.exists()  # a dry run stores nothing

    done = run_import(sheet)
    assert "Imported: 2 created" in done.out and "people row 3: looks like" in done.out
    new = Person.objects.get(external_id="test:row:2")
    pair = CandidatePair.objects.get()
    assert (pair.person_a, pair.person_b) == (koishybayev, new)
    assert pair.status == CandidatePair.Status.OPEN
