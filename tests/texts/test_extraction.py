"""What `extract` proposes from a text: the exhibition's own article (real, the demo's source)
linked to the demo's records, and obviously synthetic sentences for the rules of each language."""

from pathlib import Path

import pytest

from memoria.archive.models import Person, Place, Unit
from memoria.texts.extraction import extract
from memoria.texts.language import UnsupportedLanguage

ARTICLE = Path(__file__).parents[2] / "memoria/demo/data/source-article-2025-02-01.txt"
KEYS = {"language", "people", "places", "units", "objects", "dates"}
PERSON_KEYS = {"name", "spans", "match", "given_name", "patronymic", "surname", "initials", "rank", "role"}


def by_name(proposals, name):
    return next(p for p in proposals if p["name"] == name)


@pytest.fixture
def article_result(demo):
    text = ARTICLE.read_text(encoding="utf-8")
    return text, extract(text)


def test_the_article_people_are_found_and_linked_to_the_demo_records(article_result):
    _text, result = article_result
    assert result["language"] == "en"
    names = {p["name"] for p in result["people"]}
    expected = {"Sylvain Giogé", "Robert Azemann", "Marat Nagumanov", "Kabysh Omarov", "Kadem Zhumaniyazov",
                "Charles de Gaulle", "Abibulla Koishybayev", "Kassym-Jomart Tokayev"}
    assert expected <= names
    for name in expected:
        proposal = by_name(result["people"], name)
        assert set(proposal) == PERSON_KEYS
        assert proposal["match"]["id"] == Person.objects.get(name_en=name).pk, name
        assert proposal["match"]["score"] >= 0.9 and proposal["match"]["reasons"]


def test_mentions_of_one_person_are_one_proposal_whose_spans_point_at_the_words(article_result):
    text, result = article_result
    nagumanov = by_name(result["people"], "Marat Nagumanov")
    assert [text[s:e] for s, e in nagumanov["spans"]] == ["Marat Nagumanov", "Marat Nagumanov", "M. Nagumanov"]
    assert nagumanov["rank"] == "Major General"
    assert (nagumanov["given_name"], nagumanov["surname"], nagumanov["initials"]) == ("Marat", "Nagumanov", "M.")
    assert by_name(result["people"], "Robert Azemann")["rank"] == "Colonel"


def test_the_article_places_units_objects_and_dates(article_result):
    text, result = article_result
    toulouse = by_name(result["places"], "Toulouse")
    assert toulouse["match"]["id"] == Place.objects.get(name_en="Toulouse").pk
    assert len(by_name(result["places"], "France")["spans"]) >= 5
    regiment = by_name(result["units"], "first Soviet partisan regiment")
    assert regiment["match"]["id"] == Unit.objects.get(name_en="First Soviet partisan regiment").pk
    kinds = {p["name"]: p["kind"] for p in result["objects"]}
    assert kinds["radio transmitter"] == "object" and kinds["field telephone"] == "object"
    assert kinds["certificate"] == "document" and kinds["Photographs"] == "photograph"
    dates = {d["value"]: [text[s:e] for s, e in d["spans"]] for d in result["dates"]}
    assert dates["1941/1945"] == ["1941–1945"]
    assert dates["XXXX-05-09"] == ["May 9"]


@pytest.mark.django_db
def test_a_french_spelling_links_to_the_archive_person(demo):
    text = "Texte de test synthétique : le nom Kabych Omarov y figure comme exemple d’orthographe française."
    person = by_name(extract(text, "fr")["people"], "Kabych Omarov")
    assert person["match"]["id"] == Person.objects.get(name_en="Kabysh Omarov").pk
    assert person["match"]["score"] >= 0.9
    assert "Kabysh Omarov" in person["match"]["reasons"][0]
    assert text[person["spans"][0][0]:person["spans"][0][1]] == "Kabych Omarov"


@pytest.mark.django_db
def test_a_name_with_no_other_sign_is_found_because_the_archive_holds_it(demo):
    text = "Synthetic test text: Sylvain Giogé appears here without a title."
    assert extract(text, "en", link=False)["people"] == []
    person = extract(text, "en")["people"][0]
    assert person["name"] == "Sylvain Giogé"
    assert person["match"]["id"] == Person.objects.get(name_en="Sylvain Giogé").pk


@pytest.mark.django_db
def test_a_name_the_archive_does_not_hold_is_proposed_new(demo):
    person = extract("A synthetic test text names Colonel Test Personov here.", "en")["people"][0]
    assert (person["name"], person["rank"], person["match"]) == ("Test Personov", "Colonel", None)


@pytest.mark.parametrize("language, text, value, words", [
    ("en", "Test text: the synthetic letter is dated August 1943.", "1943-08", "August 1943"),
    ("en", "Test text: a synthetic photograph taken about 1944.", "1944~", "about 1944"),
    ("ru", "Тестовый текст: синтетическое фото сделано около 1944 года.", "1944~", "около 1944 года"),
    ("ru", "Тестовый текст: письмо написано 9 мая 1945 года.", "1945-05-09", "9 мая 1945 года"),
    ("kk", "Сынақ мәтіні: хат 1943 жылдың тамызында жазылған.", "1943-08", "1943 жылдың тамызында"),
    ("fr", "Texte de test : la lettre synthétique date de vers 1944.", "1944~", "vers 1944"),
    ("fr", "Texte de test : une guerre de 1941-1945 dans un exemple.", "1941/1945", "1941-1945"),
    ("en", "Test text: the example years 1941–1945 and the 1940s.", "194X", "the 1940s"),
])
def test_dates_become_edtf_keeping_precision_and_vagueness(language, text, value, words):
    dates = {d["value"]: d["spans"] for d in extract(text, language, link=False)["dates"]}
    assert value in dates, dates
    start, end = dates[value][0]
    assert text[start:end] == words


@pytest.mark.parametrize("language, text, unit", [
    ("en", "Test text: a synthetic soldier of the 102nd Rifle Division.", "102nd Rifle Division"),
    ("ru", "Тестовый текст: синтетический боец служил в 102-я стрелковая дивизия.", "102-я стрелковая дивизия"),
    ("kk", "Сынақ мәтіні: жауынгер 13-ші гвардиялық атты әскер дивизиясы құрамында.",
     "13-ші гвардиялық атты әскер дивизиясы"),
    ("fr", "Texte de test : un soldat fictif du 1er régiment de partisans.", "1er régiment de partisans"),
])
def test_unit_patterns_in_four_languages(language, text, unit):
    assert unit in [u["name"] for u in extract(text, language, link=False)["units"]]


def test_russian_and_kazakh_names_keep_their_parts_and_ranks():
    ru = extract("Тестовый текст. Генерал-майор Тест Тестович Тестов и Т. Тестов — один синтетический человек.",
                 "ru", link=False)["people"]
    assert len(ru) == 1
    assert (ru[0]["given_name"], ru[0]["patronymic"], ru[0]["surname"], ru[0]["rank"]) == (
        "Тест", "Тестович", "Тестов", "Генерал-майор")
    assert len(ru[0]["spans"]) == 2
    kk = extract("Сынақ мәтіні: Сынақ Сынақұлы Тестовтың хаты табылды.", "kk", link=False)["people"]
    assert kk[0]["patronymic"] == "Сынақұлы"


def test_the_language_is_detected_and_the_result_has_the_issue_shape():
    result = extract("Тестовый текст, написанный для проверки: в нём нет имён и дат.", link=False)
    assert set(result) == KEYS and result["language"] == "ru"
    assert extract("Сынақ мәтіні: бұл жерде ешқандай есім жоқ және күн жоқ.", link=False)["language"] == "kk"
    assert extract("Texte de test : il n’y a ici ni nom ni date pour la vérification.", link=False)["language"] == "fr"


@pytest.mark.parametrize("text, language", [
    ("Dies ist ein synthetischer Testtext, der auf Deutsch geschrieben wurde und keine Namen enthält.", None),
    ("这是一个用于测试的合成文本。", None),
    ("A synthetic test text.", "de"),
])
def test_an_unsupported_language_is_refused(text, language):
    with pytest.raises(UnsupportedLanguage, match="kk, ru, en|Kazakh, Russian, English"):
        extract(text, language, link=False)
