"""Visitors search every published record by its words, in four languages, and narrow by facets."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from memoria.archive.models import Event, Item, ItemPlace, Person, Place
from memoria.exhibitions.models import Exhibition
from memoria.search.models import SearchDocument
from tests.admin.forms import add_inline_rows, form_data
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def search(client, lang="en", **params):
    return client.get(f"/{lang}/search/", params).content.decode()


def results(html):
    """The result list: [(type label, title link, snippet html)]."""
    body = html.split('<ol class="plain matches">', 1)[1].split("</ol>", 1)[0] if '<ol class="plain matches">' in html else ""
    out = []
    for li in body.split('<li class="result">')[1:]:
        kind = re.search(r'class="result-type">([^<]*)<', li).group(1)
        link = re.search(r'<a href="([^"]*)"', li)
        snippet = re.search(r'<p class="snippet">(.*?)</p>', li, re.S)
        out.append((kind, link.group(1) if link else "", snippet.group(1) if snippet else ""))
    return out


def links(html):
    return [link for _kind, link, _snippet in results(html)]


def total(html):
    match = re.search(r'role="status">(\d+) results? for', html)
    return int(match.group(1)) if match else 0


def item(key):
    return Item.objects.get(external_id=f"demo:item:{key}")


def test_a_word_from_an_item_description_finds_it_in_russian_and_in_french(client, demo):
    radio = item("radio-transmitter")
    ru = search(client, "ru", q="радиопередатчик")
    assert f"/ru/items/{radio.pk}/" in links(ru)
    assert "<mark>радиопередатчик</mark>" in ru
    fr = search(client, "fr", q="émetteur")
    assert links(fr)[0] == f"/fr/items/{radio.pk}/"
    assert "Émetteur radio américain" in fr  # the French title


@pytest.mark.parametrize("query", ["РАДИО", "радио", "Радио"])
def test_cyrillic_case_does_not_matter(client, demo, query):
    html = search(client, "ru", q=query)
    assert f"/ru/items/{item('radio-transmitter').pk}/" in links(html)
    assert "<mark>радиопередатчик</mark>" in html or "<mark>Радиопередатчик</mark>" in html


@pytest.mark.parametrize("query", ["resistance", "Résistance", "RÉSISTANCE", "résistance"])
def test_diacritics_and_case_do_not_matter_in_latin(client, demo, query):
    synthetic = Item.objects.create(inventory_number="SYN-0001", title_en="Synthetic item",
                                    description_fr="Synthetic description: la Résistance.", is_published=True)
    html = search(client, "fr", q=query)
    assert f"/fr/items/{synthetic.pk}/" in links(html)
    assert "<mark>Résistance</mark>" in html


def test_an_inventory_number_finds_its_item(client, demo):
    html = search(client, q="DEMO-04")
    assert links(html)[0] == f"/en/items/{item('koishybayev-certificate-copy').pk}/"


def test_a_name_spelled_otherwise_finds_the_person_through_the_name_search(client, demo):
    person = Person.objects.get(external_id="demo:person:kadem-zhumaniyazov")
    for query in ("Dschumanijasow", "Жуманиязов", "Joumaniiazov"):
        html = search(client, q=query)
        assert links(html)[0] == f"/en/people/{person.pk}/", query
        assert "Matched spelling:" in html


def test_people_found_by_name_come_first_then_the_records_that_mention_them(client, demo):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    found = links(search(client, q="Koishybayev"))
    assert found[0] == f"/en/people/{person.pk}/"
    assert f"/en/items/{item('koishybayev-certificate-copy').pk}/" in found[1:]
    assert found.count(f"/en/people/{person.pk}/") == 1  # not listed twice


def test_type_facet_narrows_results_and_its_counts_are_right(client, demo):
    html = search(client, q="Toulouse")
    every = results(html)
    kinds = [kind for kind, _link, _snippet in every]
    items_count = kinds.count("Object or document")
    assert items_count and len(set(kinds)) > 1
    assert re.search(rf'name="type" value="item"> Objects and documents <span class="count">{items_count}</span>', html)
    narrowed = search(client, q="Toulouse", type="item")
    assert {kind for kind, _l, _s in results(narrowed)} == {"Object or document"}
    assert total(narrowed) == items_count
    assert 'name="type" value="item" checked' in narrowed


def test_place_kind_and_image_facets_narrow_results(client, demo):
    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    photographs = item("toulouse-parade-photographs")
    ItemPlace.objects.get_or_create(item=photographs, place=toulouse, role="depicts")
    html = search(client, q="Toulouse")
    place_count = int(re.search(rf'name="place" value="{toulouse.pk}"> Toulouse <span class="count">(\d+)', html).group(1))
    by_place = search(client, q="Toulouse", place=toulouse.pk)
    assert total(by_place) == place_count < total(html)
    assert f"/en/items/{photographs.pk}/" in links(by_place)
    by_kind = search(client, q="Toulouse", place=toulouse.pk, kind="photograph")
    assert links(by_kind) == [f"/en/items/{photographs.pk}/"]
    # Nothing in the demo has a picture yet: the facet says so by its absence, and asking anyway finds nothing.
    assert 'name="images"' not in html
    assert "Nothing in the archive matches" in search(client, q="Toulouse", images="1")


def test_date_range_keeps_records_whose_dates_overlap(client, demo):
    war = Event.objects.get(external_id="demo:event:great-patriotic-war")  # 1941/1945 in the demo
    url = f"/en/events/{war.pk}/"
    html = search(client, q="patriotic")
    assert "1940–1949" in html  # the decade, offered as a date facet
    assert url in links(search(client, q="patriotic", **{"from": 1944, "to": 1950}))
    assert url in links(search(client, q="patriotic", **{"from": 1945, "to": 1941}))  # reversed: understood
    assert url not in links(search(client, q="patriotic", **{"from": 1946}))
    assert url not in links(search(client, q="patriotic", to=1940))
    assert url in links(search(client, q="patriotic", **{"from": "not a year"}))  # ignored, not an error


def test_unpublished_records_never_appear_to_visitors(client, curator_client, demo):
    radio = item("radio-transmitter")
    radio.is_published = False
    radio.save()
    assert f"/en/items/{radio.pk}/" not in links(search(client, q="transmitter"))
    assert "Nothing in the archive matches" in search(client, q="transmitter", type="item")
    # Facet counts do not give it away either.
    assert 'value="item"> Objects and documents' not in search(client, q="transmitter")
    # The back office previews it.
    assert f"/en/items/{radio.pk}/" in links(search(curator_client, q="transmitter"))
    radio.is_published = True
    radio.save()
    assert f"/en/items/{radio.pk}/" in links(search(client, q="transmitter"))


def test_an_unpublished_exhibition_hides_its_sections(client, demo):
    exhibition = Exhibition.objects.get()
    exhibition.is_published = False
    exhibition.save()
    assert not [link for link in links(search(client, q="радио", lang="ru")) if "/exhibitions/" in link]


def test_an_entry_caption_is_found_on_its_section_only_while_its_item_is_published(client, demo):
    from memoria.core import services
    from memoria.exhibitions.models import Entry

    entry = Entry.objects.filter(item__isnull=False).select_related("item", "section").first()
    entry.caption_en = "Synthetic quokkacaption"
    entry.save()
    section_url = f"/en/exhibitions/{entry.section.exhibition.slug}/{entry.section.slug}/"
    assert section_url in links(search(client, q="quokkacaption"))

    services.publish(Item.objects.filter(pk=entry.item_id), False, services.COMMAND_LINE)
    assert section_url not in links(search(client, q="quokkacaption"))
    services.publish(Item.objects.filter(pk=entry.item_id), True, services.COMMAND_LINE)
    assert section_url in links(search(client, q="quokkacaption"))


def test_an_admin_save_updates_the_index_in_the_same_transaction(curator_client, client, demo):
    data = form_data(curator_client.get("/admin/archive/item/add/"))
    data.update({"inventory_number": "SYN-0002", "kind": "photograph", "title_en": "Synthetic item with a picture",
                 "title_ru": "Синтетический предмет", "description_ru": "Синтетическое ОПИСАНИЕ квазарного предмета.",
                 "is_published": "on"})
    add_inline_rows(data, "media", [{"caption_en": "Synthetic zebracaption", "position": "0"}])
    data["media-0-file"] = SimpleUploadedFile("photo.png", png_bytes((640, 480)), "image/png")
    assert curator_client.post("/admin/archive/item/add/", data).status_code == 302
    created = Item.objects.get(inventory_number="SYN-0002")
    ru = search(client, "ru", q="квазарного описание")
    assert links(ru) == [f"/ru/items/{created.pk}/"]
    assert "<mark>ОПИСАНИЕ</mark>" in ru and "<mark>квазарного</mark>" in ru
    html = search(client, q="zebracaption")
    assert links(html) == [f"/en/items/{created.pk}/"]
    assert '<img src="/media/derivatives/' in html  # its thumbnail
    assert 'name="images" value="1"> Only with pictures <span class="count">1</span>' in html

    # A refused save (a bad date) leaves the index as it was.
    before = list(SearchDocument.objects.order_by("pk").values_list("pk", "text"))
    data = form_data(curator_client.get(f"/admin/archive/item/{created.pk}/change/"))
    data.update({"title_en": "Synthetic item renamed wombat", "date_made": "not a date"})
    assert curator_client.post(f"/admin/archive/item/{created.pk}/change/", data).status_code == 200
    assert list(SearchDocument.objects.order_by("pk").values_list("pk", "text")) == before
    assert "Nothing in the archive matches" in search(client, q="wombat")


def test_deleting_a_record_removes_it_from_the_results(client, demo):
    synthetic = Item.objects.create(inventory_number="SYN-0003", title_en="Synthetic item okapi", is_published=True)
    assert links(search(client, q="okapi")) == [f"/en/items/{synthetic.pk}/"]
    synthetic.delete()
    assert "Nothing in the archive matches" in search(client, q="okapi")
    assert not SearchDocument.objects.filter(record_type="item", object_id=synthetic.pk).exists()


def test_snippets_escape_malicious_record_text_and_queries(client, demo):
    Item.objects.create(
        inventory_number="SYN-0004", is_published=True, title_en="Synthetic item <b>bold</b>",
        description_en='Synthetic description <script>alert("x")</script> <img src=x onerror=alert(1)> gnu-marker',
    )
    html = search(client, q="gnu-marker <script>")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
    assert "&lt;<mark>script</mark>&gt;alert" in html
    assert "<mark>gnu</mark>-<mark>marker</mark>" in html
    query_html = search(client, q='"><script>alert(2)</script>')
    assert "<script>alert(2)" not in query_html


def test_results_are_paginated(client, demo):
    for n in range(45):
        Item.objects.create(inventory_number=f"SYN-P{n:03d}", title_en=f"Synthetic item pangolin {n:03d}",
                            is_published=True)
    first = search(client, q="pangolin")
    assert total(first) == 45 and len(results(first)) == 20
    assert "Page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    pages = [links(first)] + [links(search(client, q="pangolin", page=n)) for n in (2, 3)]
    assert [len(p) for p in pages] == [20, 20, 5]
    assert len({link for page in pages for link in page}) == 45  # no record twice, none missed
    assert len(results(search(client, q="pangolin", page="999"))) == 5  # past the end: the last page
    assert len(results(search(client, q="pangolin", page="x"))) == 20


def test_the_search_page_stays_within_ten_queries(client, demo):
    for query in ("Koishybayev", "Toulouse parade", "радио"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/en/search/", {"q": query, "type": ["item", "person"]}).status_code == 200
        assert len(ctx.captured_queries) <= 10, (query, len(ctx.captured_queries))


def test_reindex_rebuilds_exactly_the_index_the_saves_built(client, curator_client, demo):
    """`memoria reindex` reads the records in bulk and writes with COPY / multi-row INSERT; the
    documents, their facets and what visitors and curators find must be those the saves wrote,
    unpublished records included (found by the back office's preview, never by visitors)."""
    import json

    from memoria.core import services
    from memoria.exhibitions.models import Entry
    from memoria.search.models import SearchFacet

    hidden = Person.objects.create(name_en="Synthetic Quokkaperson", biography_fr="Biographie synthétique: quokka.",
                                   roles_ru="синтетический квокка", birth_date="1921", is_published=False)
    entry = Entry.objects.filter(item__isnull=False).select_related("section__exhibition").first()
    entry.caption_en = "Synthetic quokka caption"
    entry.save()
    services.publish(Item.objects.filter(pk=entry.item_id), False, services.COMMAND_LINE)
    section_url = f"/en/exhibitions/{entry.section.exhibition.slug}/{entry.section.slug}/"

    def documents():
        facets = {}
        for *record, name, value in SearchFacet.objects.values_list("document__record_type",
                                                                     "document__object_id", "name", "value"):
            facets.setdefault(tuple(record), []).append((name, value))
        rows = SearchDocument.objects.values_list(
            "record_type", "object_id", "is_public", "kind", "titles", "texts", "url_args", "thumbnail",
            "has_images", "year_lower", "year_upper", "text")
        return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows), \
            sorted((key, sorted(values)) for key, values in facets.items())

    def pages():
        queries = [{"q": "transmitter"}, {"q": "радио", "lang": "ru"}, {"q": "quokka"}, {"q": "Toulouse"},
                   {"q": "DEMO-04"}, {"type": "person"}, {"from": "1940", "to": "1949"}, {"q": "1941"}]
        # What is found, with the snippets, totals and facet counts; not the order of a search by
        # filters alone, which is the documents' (newest first by document id, and a rebuild
        # writes them type by type).
        found = []
        for who in (client, curator_client):
            for query in queries:
                html = search(who, **query)
                found.append((sorted(results(html)), total(html),
                              sorted(re.findall(r'<span class="count">(\d+)</span>', html))))
        return found

    before = documents(), pages()
    assert section_url not in links(search(client, q="quokka"))
    assert f"/en/people/{hidden.pk}/" not in links(search(client, q="quokka"))
    assert f"/en/people/{hidden.pk}/" in links(search(curator_client, q="quokka"))

    SearchDocument.objects.all().delete()
    assert "Nothing in the archive matches" in search(client, q="transmitter")
    call_command("reindex", "--skip-names", verbosity=0)
    assert documents() == before[0]
    assert pages() == before[1]
    assert len(SearchDocument.objects.filter(is_public=False)) >= 2  # the person and the entry's item

    # And what saves write after a rebuild still lands in the rebuilt index.
    services.publish(Item.objects.filter(pk=entry.item_id), True, services.COMMAND_LINE)
    assert section_url in links(search(client, q="quokka"))


def _many_synthetic_documents(n):
    """n SYNTHETIC index rows (no records behind them), one in five a person, all holding the
    word "aardwolf", written straight into the index tables: what a word found in most of a
    large archive looks like to the search. Every one has the decade 1940; only the oldest
    500 have 1930 besides."""
    from memoria.search.models import SearchFacet

    SearchDocument.objects.bulk_create([
        SearchDocument(record_type="item" if i % 5 else "person", object_id=i, is_public=True,
                       kind="object", titles={"en": f"Synthetic {i}"}, url_args=[i],
                       year_lower=1942, year_upper=1942, text=f"synthetic aardwolf {i}")
        for i in range(1, n + 1)
    ], batch_size=2000)
    SearchFacet.objects.bulk_create(
        [SearchFacet(document=d, name="decade", value="1940") for d in SearchDocument.objects.all()]
        + [SearchFacet(document=d, name="decade", value="1930")
           for d in SearchDocument.objects.order_by("id")[:500]],
        batch_size=5000,
    )


def test_a_word_in_very_many_records_says_at_least_the_count_limit(client, db):
    """From COUNT_LIMIT matches on the page says "at least", and says what its counts are of."""
    from memoria.search.archive_search import COUNT_LIMIT, FACET_SAMPLE, PAGE_SIZE

    n = COUNT_LIMIT + 500
    _many_synthetic_documents(n)
    html = search(client, q="aardwolf")
    assert f"At least {COUNT_LIMIT} results for “aardwolf”." in html
    assert f"Counts of the record types are of the newest {COUNT_LIMIT} results." in html
    assert f"Counts below the record types are of the newest {FACET_SAMPLE} results." in html
    counts = dict(re.findall(r'<input type="checkbox" name="type" value="(\w+)"[^>]*> [^<]*'
                             r'<span class="count">(\d+)</span>', html))
    assert counts == {"item": str(COUNT_LIMIT - COUNT_LIMIT // 5), "person": str(COUNT_LIMIT // 5)}
    decades = dict(re.findall(r'>(\d{4})–\d{4}</a> <span class="count">(\d+)</span>', html))
    assert decades == {"1940": str(FACET_SAMPLE)}  # the oldest 500 (1930 too) are not counted
    pages = COUNT_LIMIT // PAGE_SIZE
    assert f"Page 1 of {pages}" in html
    # The newest records come first, page 2 continues where page 1 ended, and the last page
    # offered ends at the COUNT_LIMIT-th newest.
    first, second = links(html), links(search(client, q="aardwolf", page=2))
    assert first[0].endswith(f"/{n}/") and second[0].endswith(f"/{n - 20}/")
    last = search(client, q="aardwolf", page=pages + 7)
    assert f"Page {pages} of {pages}" in last and 'rel="next"' not in last
    assert links(last)[-1].endswith(f"/{n - COUNT_LIMIT + 1}/")

    # One type chosen: the total is that type's, whole; the type facet still counts a sample.
    html = search(client, q="aardwolf", type="person")
    assert total(html) == n // 5 and "At least" not in html
    assert f"Counts of the record types are of the newest {COUNT_LIMIT} results." in html
    # Fewer matches than FACET_SAMPLE: every count is whole, and the page says nothing of samples.
    html = search(client, q="aardwolf 77")
    assert "At least" not in html and "are of the newest" not in html


@pytest.mark.parametrize("lang, with_words, alone", [
    ("kk", "«aardwolf» бойынша кемінде 10000 нәтиже.", "Кемінде 10000 нәтиже."),
    ("ru", "Не меньше 10000 результатов по запросу «aardwolf».", "Не меньше 10000 результатов."),
    ("fr", "Au moins 10000 résultats pour « aardwolf ».", "Au moins 10000 résultats."),
])
def test_at_least_the_count_limit_is_said_in_the_visitors_language(client, db, lang, with_words, alone):
    from memoria.search.archive_search import COUNT_LIMIT

    _many_synthetic_documents(COUNT_LIMIT)
    assert with_words in search(client, lang, q="aardwolf")
    assert alone in search(client, lang, **{"from": "1940", "to": "1949"})  # filters alone


def test_facets_alone_list_exactly_the_records_that_carry_them(client, demo):
    """No words, only filters: a visitor browsing a place (or a place and a kind) of the archive."""
    from memoria.search.models import SearchFacet

    toulouse = Place.objects.get(external_id="demo:place:toulouse")
    photographs = item("toulouse-parade-photographs")
    ItemPlace.objects.get_or_create(item=photographs, place=toulouse, role="depicts")

    def expected(*pairs):
        docs = SearchDocument.objects.filter(is_public=True)
        for name, value in pairs:
            docs = docs.filter(pk__in=SearchFacet.objects.filter(name=name, value=value).values("document"))
        return sorted(f"/en/{d.record_type}s/{d.object_id}/".replace("/persons/", "/people/") for d in docs)

    def found(html):
        status = re.search(r'role="status">(\d+) results?\.', html)
        assert status, html[html.find("<main"):][:3000]
        count = int(status.group(1))
        return count, sorted(links(html))

    wanted = expected(("place", str(toulouse.pk)))
    assert wanted  # the demo has records at Toulouse
    assert found(search(client, place=toulouse.pk)) == (len(wanted), wanted)
    both = expected(("place", str(toulouse.pk)), ("kind", "photograph"))
    assert f"/en/items/{photographs.pk}/" in both
    assert found(search(client, place=toulouse.pk, kind="photograph")) == (len(both), both)
    # An unpublished record carrying the facet stays out.
    photographs.is_published = False
    photographs.save()
    assert f"/en/items/{photographs.pk}/" not in found(search(client, place=toulouse.pk))[1]
