"""1,000 SYNTHETIC people with mixed-script spellings, imported the way a curator does it."""

from memoria.archive.models import NameVariant, Person
from memoria.search.models import IndexedName
from memoria.search.people import find_people

from .conftest import person_row, run_import


def history_rows() -> int:
    return Person.history.count() + NameVariant.history.count()


def test_dry_run_then_import_then_reimport_changes_nothing(db, people_file, client):
    path = people_file([person_row(n) for n in range(1, 1001)])

    dry = run_import(path, "--dry-run")
    assert dry.code == 0, dry.out
    assert "1000 created, 0 updated, 0 unchanged, 0 rejected" in dry.out
    assert Person.objects.count() == 0 and history_rows() == 0 and IndexedName.objects.count() == 0

    real = run_import(path)
    assert real.code == 0, real.out
    assert "Imported: 1000 created" in real.out
    assert Person.objects.count() == 1000
    assert NameVariant.objects.count() == 2000
    person = Person.objects.get(external_id="syn:person:00500")
    assert person.name_ru == "Кенбекан Жарказказов" and person.name_fr == "Kenbekane Jarkazkazov"
    assert person.birth_date == "1915" and str(person.birth_lower) == "1915-01-01"
    assert set(person.name_variants.values_list("language", "script", "kind")) == {
        ("de", "Latn", "transliteration"), ("kk-Latn", "Latn", "transliteration")}
    assert person.history.count() == 1
    histories = history_rows()

    again = run_import(path)
    assert again.code == 0
    assert "0 created, 0 updated, 1000 unchanged, 0 rejected" in again.out
    assert history_rows() == histories       # no new history entries either

    # Found by the public name search in any of the spellings (German, French, Kazakh Cyrillic).
    for query in ("Kenbekan Dsharkaskasow", "Jarkazkazov Kenbekane", "Кенбекан Жарқазқазов"):
        page = client.get("/en/search/", {"q": query})
        assert page.status_code == 200
        assert f"/en/people/{person.pk}/" in page.content.decode(), query
    # The full-text index holds them too (a digit: not a name query, so only the words can find it).
    page = client.get("/en/search/", {"q": "synthetic 500 tests"})
    assert f"/en/people/{person.pk}/" in page.content.decode()

    # The bulk load left the text indexes' triggers as they were: a spelling a curator adds
    # afterwards is found at once.
    NameVariant.objects.create(person=person, text="Synthetic Zzyxwvan", language="en")
    assert person.pk in [m.person.pk for m in find_people("Zzyxwvan")]
    page = client.get("/en/search/", {"q": "zzyxwvan 500"})
    assert f"/en/people/{person.pk}/" in page.content.decode()


def test_changed_row_updates_only_that_record(db, people_file):
    rows = [person_row(n) for n in range(1, 21)]
    run_import(people_file(rows))
    rows[4] = person_row(5, name_en="Synthetic Renamed Person", death_date="1945-05-09")
    rows[7] = person_row(8, variants=person_row(8)["variants"] + "; Synthetic Spelling|en|nickname")
    result = run_import(people_file(rows))
    assert result.code == 0, result.out
    assert "0 created, 2 updated, 18 unchanged" in result.out
    person = Person.objects.get(external_id="syn:person:00005")
    assert person.name_en == "Synthetic Renamed Person" and str(person.death_upper) == "1945-05-09"
    assert person.history.count() == 2
    assert IndexedName.objects.filter(person=person, text="Synthetic Renamed Person").exists()
    assert not IndexedName.objects.filter(person=person, text=person_row(5)["name_en"]).exists()
    assert Person.objects.get(external_id="syn:person:00008").name_variants.filter(
        text="Synthetic Spelling", kind="nickname").exists()


def test_all_or_nothing_and_partial_with_rejects(db, people_file, tmp_path):
    rows = [person_row(n) for n in range(1, 11)]
    rows[2] = person_row(3, birth_date="1944-13-45")          # not a date
    rows[6] = person_row(7, name_kk="", name_ru="", name_en="", name_fr="")
    path = people_file(rows)

    result = run_import(path)
    assert result.code == 1
    assert "row 4, column “birth_date”: “1944-13-45” is not a valid EDTF date" in result.out
    assert "row 8, column “name_kk”" in result.out
    assert "Nothing stored" in result.out
    assert Person.objects.count() == 0

    rejects = tmp_path / "fix-me.csv"
    result = run_import(path, "--partial", "--rejects", rejects)
    assert result.code == 1
    assert Person.objects.count() == 8
    text = rejects.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].endswith(",error")
    assert "syn:person:00003" in text and "syn:person:00007" in text and "syn:person:00001" not in text

    fixed = text.replace("1944-13-45", "1944-12").replace(
        "syn:person:00007,,,,", "syn:person:00007,,,Synthetic Fixed Person,")
    rejects.write_text(fixed, encoding="utf-8")
    again = run_import(rejects, "--kind", "people")
    assert again.code == 0, again.out
    assert "2 created" in again.out
    assert Person.objects.count() == 10
    assert Person.objects.get(external_id="syn:person:00007").name_en == "Synthetic Fixed Person"
