"""The back office's review queue: reviewers look, curators answer — merge, different, not sure —
and undo a merge from the kept record's page."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from memoria.duplicates.models import CandidatePair, PersonMerge
from tests.admin.forms import form_data
from tests.duplicates.merge_data import (
    cite,
    koishybayev_twice,
    make_source,
    pair,
    second_record,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/duplicates/candidatepair/"


def page_of(candidate):
    return f"{QUEUE}{candidate.pk}/change/"


@pytest.fixture
def pairs(demo):
    first, second, _source = koishybayev_twice()
    best = pair(first, second, 0.93, ["names agree: Абибулла Койшыбаев ~ Абибулла Койшибаев", "no date to compare"])
    kept = second_record("Test Testov", "Тест Тестов", [], birth_date="1918")
    other = second_record("Test Testov", "Тест Тестов", [], birth_date="1918-03-02")
    cite("person", other, make_source("Test loss report"), "birth_date")
    dated = pair(kept, other, 0.71, ["names agree: Test Testov ~ Test Testov", "born 1918 in both"])
    namesakes = pair(second_record("Test Omarov", "Тест Омаров", []), second_record("Test Omarov", "Тест Омаров", []),
                     0.55, ["names agree: Test Omarov ~ Test Omarov"])
    CandidatePair.objects.filter(pk=namesakes.pk).update(status=CandidatePair.Status.DIFFERENT)
    return best, dated, namesakes


@pytest.fixture
def reviewer_client(reviewer):
    browser = Client()
    browser.force_login(reviewer)
    return browser


def rows(html):
    """The queue's rows: the linked pairs' pages, in order."""
    return re.findall(r'<th class="field-people"><a href="([^"]*)"', html)


def test_the_queue_lists_the_pairs_to_review_best_first_with_their_reasons(curator_client, pairs):
    best, dated, namesakes = pairs
    html = curator_client.get(QUEUE).content.decode()
    listed = rows(html)
    assert page_of(namesakes) not in listed  # the pair answered "different" is not proposed again
    assert listed.index(page_of(best)) < listed.index(page_of(dated))
    assert "names agree: Абибулла Койшыбаев ~ Абибулла Койшибаев" in html and "born 1918 in both" in html
    assert "Test Omarov" in curator_client.get(QUEUE, {"answer": "different"}).content.decode()


def test_a_pair_page_sets_both_records_side_by_side_and_marks_the_differences(curator_client, pairs):
    best, dated, _namesakes = pairs
    html = curator_client.get(page_of(best)).content.decode()
    for spelling in ("Koichibaev Abibulla", "Абибулла Койшибаев", "Әбибулла Қойшыбаев"):
        assert spelling in html
    assert "Test roll (synthetic)" in html  # the second record's source
    assert "Test image" in html  # its photograph
    assert 'class="pair-differs"' in html
    assert 'name="pick_name_en"' in html and 'name="pick_name_ru"' in html
    for button in ("Same person → merge", "Different people", "Not sure"):
        assert button in html
    dated_html = curator_client.get(page_of(dated)).content.decode()
    assert 'name="pick_birth_date"' in dated_html and "1918-03-02" in dated_html


def test_a_curator_merges_keeping_the_second_record_and_its_date(curator_client, pairs):
    _best, dated, _namesakes = pairs
    data = form_data(curator_client.get(page_of(dated)))
    data.update({"survivor": "b", "pick_birth_date": "a", "answer": "merge"})
    response = curator_client.post(page_of(dated), data)
    assert response.status_code == 302 and response["Location"] == QUEUE
    dated.refresh_from_db()
    assert dated.status == CandidatePair.Status.MERGED
    dated.person_a.refresh_from_db()
    dated.person_b.refresh_from_db()
    assert dated.person_a.merged_into_id == dated.person_b.pk
    assert dated.person_b.birth_date == "1918"  # A's date, picked on the page
    assert "Merged:" in curator_client.get(QUEUE).content.decode()


def test_different_and_not_sure_answers(curator_client, pairs):
    best, dated, _namesakes = pairs
    curator_client.post(page_of(best), {"answer": "different"})
    curator_client.post(page_of(dated), {"answer": "unsure"})
    best.refresh_from_db()
    dated.refresh_from_db()
    assert best.status == CandidatePair.Status.DIFFERENT and dated.status == CandidatePair.Status.UNSURE
    html = curator_client.get(QUEUE).content.decode()
    assert page_of(best) not in rows(html) and page_of(dated) in rows(html)  # "not sure" stays


def test_a_reviewer_sees_the_queue_but_cannot_answer(reviewer_client, pairs):
    best, _dated, _namesakes = pairs
    assert page_of(best) in rows(reviewer_client.get(QUEUE).content.decode())
    html = reviewer_client.get(page_of(best)).content.decode()
    assert "Koichibaev Abibulla" in html
    assert "Same person → merge" not in html and "Reviewers see the queue; curators decide." in html
    assert reviewer_client.post(page_of(best), {"answer": "merge"}).status_code == 403
    assert reviewer_client.post(page_of(best), {"answer": "different"}).status_code == 403
    best.refresh_from_db()
    assert best.status == CandidatePair.Status.OPEN


def test_the_kept_records_page_offers_undo_and_it_works(curator_client, reviewer_client, pairs):
    best, _dated, _namesakes = pairs
    curator_client.post(page_of(best), {**form_data(curator_client.get(page_of(best))), "answer": "merge"})
    merge = PersonMerge.objects.get()
    survivor_page = f"/admin/archive/person/{merge.survivor_id}/change/"
    html = curator_client.get(survivor_page).content.decode()
    undo_url = f"/admin/duplicates/candidatepair/merges/{merge.pk}/undo/"
    assert "Undo merge" in html and undo_url in html
    merged_page = curator_client.get(f"/admin/archive/person/{merge.merged_id}/change/").content.decode()
    assert "This record was merged into another one" in merged_page
    assert "Undo merge" not in reviewer_client.get(survivor_page).content.decode()
    assert reviewer_client.post(undo_url).status_code == 403
    assert curator_client.get(undo_url).status_code == 405
    response = curator_client.post(undo_url)
    assert response.status_code == 302 and response["Location"] == survivor_page
    merge.refresh_from_db()
    best.refresh_from_db()
    assert merge.undone_by is not None and best.status == CandidatePair.Status.OPEN
    assert "The merge was undone" in curator_client.get(survivor_page).content.decode()


def test_a_second_record_arriving_is_proposed_with_the_finders_reasons(curator_client, demo):
    first, second, _source = koishybayev_twice()  # the finder checks each person as it arrives
    low, high = sorted((first.pk, second.pk))
    candidate = CandidatePair.objects.get(person_a_id=low, person_b_id=high)
    html = curator_client.get(QUEUE).content.decode()
    assert page_of(candidate) in rows(html)
    assert candidate.reasons and all(escape(reason) in html for reason in candidate.reasons)
