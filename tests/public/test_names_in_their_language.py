"""Kazakh pages show Kazakh spellings; a spelling shared by two languages is listed once (issue #11)."""

import pytest

from memoria.archive.models import NameVariant, Person

pytestmark = pytest.mark.django_db


def demo_person(key):
    return Person.objects.get(external_id=f"demo:person:{key}")


def heading(html):
    return html.split("<h1>", 1)[1].split("</h1>", 1)[0]


def spellings_list(html):
    return html.split('<ul class="plain variants">', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize(("key", "kazakh", "russian"), [
    ("kabysh-omarov", "Қабыш Омаров", "Кабыш Омаров"),
    ("abibulla-koishybayev", "Әбибулла Қойшыбаев", "Абибулла Койшыбаев"),
])
def test_kazakh_pages_write_kazakh_names_in_kazakh(client, demo, key, kazakh, russian):
    person = demo_person(key)
    page = client.get(f"/kk/people/{person.pk}/").content.decode()
    assert kazakh in heading(page)
    assert f"<title>{kazakh}" in page
    assert kazakh in client.get("/kk/people/").content.decode()
    assert russian in heading(client.get(f"/ru/people/{person.pk}/").content.decode())
    # The Kazakh spelling is ours, not the article's: marked as a transliteration, uncited.
    variant = person.name_variants.get(language="kk")
    assert (variant.text, variant.kind, variant.citations.count()) == (kazakh, "transliteration", 0)


def test_a_spelling_written_alike_in_two_languages_is_listed_once(client, demo):
    person = demo_person("kadem-zhumaniyazov")  # Russian and Kazakh spellings are the same
    assert person.name_variants.filter(text="Кадем Жуманиязов").count() == 2
    for lang in ("kk", "ru", "en", "fr"):
        listed = spellings_list(client.get(f"/{lang}/people/{person.pk}/").content.decode())
        assert listed.count("Кадем Жуманиязов") == 1
        assert listed.count("<li>") == 2  # Kadem Zhumaniyazov, Кадем Жуманиязов
    en = spellings_list(client.get(f"/en/people/{person.pk}/").content.decode())
    assert "transliteration · ru, kk" in en
    # The list of people titles each with its name and lists the other spellings once.
    people = client.get("/kk/people/").content.decode()
    assert people.count("Кадем Жуманиязов") == 1
    assert "Kadem Zhumaniyazov" in people


def test_a_search_result_shows_the_spelling_nearest_to_what_was_typed(client, demo):
    assert "<mark>Әбибулла Қойшыбаев</mark>" in client.get("/kk/search/", {"q": "Қойшыбаев"}).content.decode()
    assert "<mark>Абибулла Койшыбаев</mark>" in client.get("/kk/search/", {"q": "Койшибаев"}).content.decode()


def test_a_search_result_lists_each_archive_spelling_once(client, demo):
    person = demo_person("kabysh-omarov")
    NameVariant.objects.create(person=person, text="Kabysh Omarov", language="fr", kind="archive")
    html = client.get("/en/search/", {"q": "Kabysh Omarov"}).content.decode()
    assert "In the archive: Kabysh Omarov</span>" in html


def test_without_a_kazakh_display_name_the_kazakh_spelling_titles_the_page(client, db):
    person = Person.objects.create(name_en="Kabysh Omarov", name_ru="Кабыш Омаров", is_published=True)
    NameVariant.objects.create(person=person, text="Қабыш Омаров", language="kk", kind="transliteration")
    NameVariant.objects.create(person=person, text="Қабыш", language="kk", kind="nickname")
    assert "Қабыш Омаров" == heading(client.get(f"/kk/people/{person.pk}/").content.decode()).split("<", 1)[0]
    # No spelling in French: the display name of the first fallback language, marked as such.
    assert '<span lang="en">Kabysh Omarov</span>' in heading(client.get(f"/fr/people/{person.pk}/").content.decode())
