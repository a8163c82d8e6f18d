"""POST /api/extract: a curator's program reads a text into proposals linked to the archive; nothing is saved."""

from pathlib import Path

import pytest

from memoria.archive.models import Person, Place
from memoria.sources.models import Citation, Source
from memoria.texts.models import TextExtraction

ARTICLE = Path("/work/shared/sources/exhibition-article-2025-02-01.txt")
if not ARTICLE.exists():  # the repository's copy of the same article
    ARTICLE = Path(__file__).parents[2] / "memoria/demo/data/source-article-2025-02-01.txt"

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Source, TextExtraction, Person, Place, Citation)]


def test_the_article_names_the_demo_people_with_their_spans(demo, as_curator):
    text = ARTICLE.read_text(encoding="utf-8")
    before = counts()
    response = as_curator.post("/api/extract", {"text": text})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["language"] == "en"
    assert set(body) == {"language", "people", "places", "units", "objects", "dates"}
    people = {p["name"]: p for p in body["people"]}
    omarov = Person.objects.get(external_id="demo:person:kabysh-omarov")
    assert people["Kabysh Omarov"]["match"]["id"] == omarov.pk
    for start, end in people["Kabysh Omarov"]["spans"]:
        assert text[start:end] == "Kabysh Omarov"
    assert counts() == before                      # nothing saved


def test_the_language_may_be_given(demo, as_curator):
    response = as_curator.post("/api/extract", {"text": "Test Person was born in 1920.", "language": "en"})
    assert response.status_code == 200
    assert response.json()["language"] == "en"


def test_reading_needs_a_curator(demo, anonymous, as_reviewer):
    body = {"text": "Test Person was born in 1920."}
    assert anonymous.post("/api/extract", body).status_code == 401
    assert as_reviewer.post("/api/extract", body).status_code == 403


def test_bad_input_gets_the_reason(demo, as_curator):
    german = as_curator.post("/api/extract", {"text": "Der Testbrief wurde im Jahr 1944 geschrieben und ist kurz."})
    assert german.status_code == 422
    assert german.json()["errors"][0]["field"] == "language"
    assert "Kazakh, Russian, English" in german.json()["errors"][0]["message"]

    unknown = as_curator.post("/api/extract", {"text": "Test Person.", "language": "de"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "language"

    blank = as_curator.post("/api/extract", {"text": "   "})
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["field"] == "text"
