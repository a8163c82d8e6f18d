"""Finding pairs over the whole archive and as people arrive; decided pairs stay decided."""

from django.utils import translation

from memoria.archive.services import person_set_name_variants
from memoria.duplicates.finding import find_candidates, store_candidates
from memoria.duplicates.merge import decide_different
from memoria.duplicates.models import CandidatePair

from .finding_data import ACTOR, omarovs, person


def _pairs():
    return {(p.person_a_id, p.person_b_id): p for p in CandidatePair.objects.all()}


def test_the_archive_run_finds_one_person_recorded_twice_not_the_namesake(db):
    first, second, namesake = omarovs()
    CandidatePair.objects.all().delete()  # what the arrival check stored: found again below

    found = find_candidates()
    assert [(f.a, f.b) for f in found] == [(first.pk, second.pk)]
    assert found[0].reasons[:2] == ["names agree: Testbek Omarov ~ Omarov Testbek (1.00)",
                                    "birth dates agree: 1918 / 1918-03-02"]
    assert store_candidates(found) == {"created": 1, "updated": 0, "kept_decided": 0}
    stored = _pairs()[(first.pk, second.pk)]
    assert stored.status == CandidatePair.Status.OPEN and stored.reasons == found[0].reasons
    assert (first.pk, namesake.pk) not in _pairs() and (second.pk, namesake.pk) not in _pairs()


def test_a_pair_decided_different_is_never_proposed_again(curator):
    first, second, _namesake = omarovs()
    pair = _pairs()[(first.pk, second.pk)]
    decide_different(pair, curator)

    for _run in range(2):
        found = find_candidates()
        assert store_candidates(found)["kept_decided"] == 1
    pair.refresh_from_db()
    assert pair.status == CandidatePair.Status.DIFFERENT and pair.decided_by == curator

    # a new spelling of one of them (checked on arrival) does not reopen it either
    with translation.override("en"):
        kept = [{"id": v.pk, "text": v.text} for v in second.name_variants.all()]
        person_set_name_variants(second, [*kept, {"text": "Omarov T."}], ACTOR)
    pair.refresh_from_db()
    assert pair.status == CandidatePair.Status.DIFFERENT


def test_a_new_person_is_checked_as_they_arrive(db):
    first, second, _namesake = omarovs()
    # stored while the second record was created, without any run over the archive
    assert set(_pairs()) == {(first.pk, second.pk)}

    other = person("Sintetik Testov", birth_date="1918-03")  # nobody like them yet
    assert set(_pairs()) == {(first.pk, second.pk)}
    with translation.override("en"):  # a spelling added later is checked too
        person_set_name_variants(other, [{"text": "Testbek Omarov"}], ACTOR)
    # the name now agrees with all three; the two born in 1918 are proposed, the namesake not
    pairs = _pairs()
    assert set(pairs) == {(first.pk, second.pk), (first.pk, other.pk), (second.pk, other.pk)}
    assert "birth dates agree: 1918 / 1918-03" in pairs[(first.pk, other.pk)].reasons


def test_reviewers_see_the_pairs_and_curators_decide(curator, reviewer):
    assert reviewer.has_perm("duplicates.view_candidatepair")
    assert not reviewer.has_perm("duplicates.change_candidatepair")
    assert curator.has_perm("duplicates.view_candidatepair") and curator.has_perm("duplicates.change_candidatepair")
    assert not curator.has_perm("duplicates.delete_candidatepair")  # an answer is changed, not deleted


def test_a_record_that_fits_two_people_who_cannot_be_one_is_proposed_with_neither(db):
    # two synthetic Testbek Omarovs born seven years apart in other places, and a record of
    # the name alone: it is one of them, or neither, and nothing tells which
    first, second, namesake = omarovs()
    undated = person("Omarov Testbek", ["Омаров Тестбек"])
    found = {(f.a, f.b): f for f in find_candidates()}
    assert (first.pk, second.pk) in found  # born 1918 in both: still proposed
    assert (first.pk, undated.pk) not in found and (namesake.pk, undated.pk) not in found
