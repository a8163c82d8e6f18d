"""Short permanent item addresses (/i/<inventory number>) and the back office's QR label sheets."""

import io
import re
import zipfile
from urllib.parse import urlsplit

import pytest
import segno
from django.conf import settings
from django.db import IntegrityError, transaction

from memoria.archive.models import Item
from memoria.exhibitions.models import Entry, Section
from memoria.labels.shortlinks import short_path
from tests.labels.qr_reader import read_qr
from tests.labels.sheet_files import pdf_page_count, pdf_unicode_characters, svg_labels

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
SHEET = "/admin/qr-labels/"


def item(inventory):
    return Item.objects.get(inventory_number=inventory)


# --- short addresses ----------------------------------------------------------------------

def test_short_url_opens_the_item_in_the_visitors_language(client, demo):
    pk = item("DEMO-01").pk
    response = client.get("/i/DEMO-01", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == f"/ru/items/{pk}/"
    assert "Accept-Language" in response["Vary"]
    page = client.get(response["Location"])
    assert item("DEMO-01").title_ru in page.content.decode()


def test_short_url_follows_the_language_cookie_before_the_browser(client, demo):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/i/DEMO-02", HTTP_ACCEPT_LANGUAGE="kk")
    assert response["Location"] == f"/fr/items/{item('DEMO-02').pk}/"


def test_short_url_without_any_preference_uses_the_default_language(client, demo):
    response = client.get("/i/DEMO-03")
    assert response["Location"] == f"/{settings.LANGUAGE_CODE}/items/{item('DEMO-03').pk}/"


def test_unknown_and_unpublished_items_are_not_found(client, curator_client, demo):
    assert client.get("/i/DEMO-404").status_code == 404
    hidden = item("DEMO-04")
    hidden.is_published = False
    hidden.save()
    assert client.get("/i/DEMO-04").status_code == 404
    # The back office still previews it (curators check a label before publishing).
    assert curator_client.get("/i/DEMO-04", HTTP_ACCEPT_LANGUAGE="en")["Location"] == f"/en/items/{hidden.pk}/"


WEIRD = [
    "SYN/2025/Қ-1",
    "SYN 7 (bis)",
    "SYN-?#%&+;=",
    "SYN/../ӘЛЕМ",
    "SYN/./x/",
    "СИН-Ұ 42",
    "syn-é-ü",
]


@pytest.mark.parametrize("inventory", WEIRD)
def test_weird_inventory_numbers_round_trip(client, demo, inventory):
    record = Item.objects.create(inventory_number=inventory, title_en="Synthetic item", is_published=True)
    path = short_path(inventory)
    assert path.startswith("/i/") and " " not in path and "?" not in path and "#" not in path
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, path
    assert response["Location"] == f"/en/items/{record.pk}/"


def test_lookup_finds_the_number_in_any_letter_case(client, demo):
    cyrillic = Item.objects.create(inventory_number="СИН-ӘЛЕМ-9", title_en="Synthetic item", is_published=True)
    assert client.get("/i/demo-01", HTTP_ACCEPT_LANGUAGE="en")["Location"] == f"/en/items/{item('DEMO-01').pk}/"
    assert client.get(short_path("син-әлем-9"), HTTP_ACCEPT_LANGUAGE="en")["Location"] == f"/en/items/{cyrillic.pk}/"
    # Two items can never differ only by case (archive.models.inventory_key), so there is no ambiguity.
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(inventory_number="син-Әлем-9", title_en="Synthetic twin")


# --- label sheets -------------------------------------------------------------------------

def download(curator_client, section_ids, languages, fmt="svg", per_page=8):
    return curator_client.post(SHEET, {"sections": section_ids, "languages": languages,
                                       "format": fmt, "per_page": per_page})


def qr_matrix(payload):
    return [[bool(v) for v in row] for row in segno.make_qr(payload, error="m").matrix]


def test_curator_prints_labels_through_the_admin(curator_client, demo):
    section = Section.objects.get(slug="personal-belongings")
    changelist = curator_client.get("/admin/exhibitions/section/")
    assert "print_qr_labels" in changelist.content.decode()
    response = curator_client.post("/admin/exhibitions/section/",
                                   {"action": "print_qr_labels", "_selected_action": [section.pk]})
    assert response.status_code == 302
    form = curator_client.get(response["Location"])
    html = form.content.decode()
    assert form.status_code == 200
    assert re.search(rf'<input[^>]*name="sections"[^>]*value="{section.pk}"[^>]*checked', html)

    sheet = download(curator_client, [section.pk], ["kk", "fr"])
    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "image/svg+xml"
    assert sheet["Content-Disposition"].startswith('attachment; filename="qr-labels-personal-belongings')
    labels = svg_labels(sheet.content)
    assert [label["inventory_number"] for label in labels] == ["DEMO-01", "DEMO-02", "DEMO-03"]
    for label in labels:
        record = item(label["inventory_number"])
        for lang in ("kk", "fr"):
            shown = " ".join(label["by_lang"][lang][1:]).rstrip("…")
            title = getattr(record, f"title_{lang}")
            assert shown and " ".join(title.split()).startswith(shown.strip()), (lang, shown)
        assert set(label["by_lang"]) == {"kk", "fr"}
        assert label["inventory_number"] in label["text"]
        # The QR code reads back as the item's short URL (and is exactly segno's symbol for it).
        assert read_qr(label["modules"]) == f"http://testserver/i/{label['inventory_number']}"
        assert label["modules"] == qr_matrix(f"http://testserver/i/{label['inventory_number']}")


def test_the_section_and_exhibition_pages_offer_the_labels(curator_client, demo):
    section = Section.objects.get(slug="documents")
    page = curator_client.get(f"/admin/exhibitions/section/{section.pk}/change/").content.decode()
    assert f'{SHEET}?sections={section.pk}"' in page
    exhibition = section.exhibition
    page = curator_client.get(f"/admin/exhibitions/exhibition/{exhibition.pk}/change/").content.decode()
    assert f"{SHEET}?exhibition={exhibition.pk}" in page
    form = curator_client.get(f"{SHEET}?exhibition={exhibition.pk}").content.decode()
    for other in exhibition.sections.all():
        assert re.search(rf'value="{other.pk}"[^>]*checked', form)


def test_missing_translations_are_marked_on_the_label(curator_client, demo):
    section = Section.objects.get(slug="parade-photographs")
    english_only = Item.objects.create(inventory_number="SYN-0001", title_en="Synthetic item, English only",
                                       is_published=True)
    Entry.objects.create(section=section, item=english_only, position=99)
    labels = svg_labels(download(curator_client, [section.pk], ["kk", "ru"]).content)
    label = next(lab for lab in labels if lab["inventory_number"] == "SYN-0001")
    kazakh_line = " ".join(label["text"])
    assert "KK (әлі аударылмаған)" in kazakh_line and "RU (ещё не переведено)" in kazakh_line
    # The English title stands in, tagged as English so that screen readers and fonts get it right.
    assert " ".join(label["by_lang"]["en"]) == " ".join(["Synthetic item, English only"] * 2)


def test_unpublished_items_get_no_label_and_the_form_says_why(curator_client, demo):
    section = Section.objects.get(slug="memoirs-stand")
    hidden = item("DEMO-07")
    hidden.is_published = False
    hidden.save()
    form = curator_client.get(f"{SHEET}?sections={section.pk}").content.decode()
    assert "1 item in these sections is not published" in form
    labels = svg_labels(download(curator_client, [section.pk], ["en"]).content)
    assert [label["inventory_number"] for label in labels] == ["DEMO-06", "DEMO-08"]


def test_a_section_without_published_items_gets_an_error_not_an_empty_file(curator_client, demo):
    section = Section.objects.get(slug="people")
    response = download(curator_client, [section.pk], ["en"])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "These sections show no published item" in response.content.decode()


def test_pdf_sheet_embeds_the_font_with_kazakh_letters(curator_client, demo):
    section = Section.objects.get(slug="documents")
    synthetic = Item.objects.create(inventory_number="SYN-ҚАЗ-1", is_published=True,
                                    title_en="Synthetic item", title_kk=f"Синтетикалық зат {KAZAKH_LETTERS}")
    Entry.objects.create(section=section, item=synthetic, position=99)
    response = download(curator_client, [section.pk], ["kk", "ru", "en", "fr"], fmt="pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf_page_count(pdf) == 1
    assert b"/FontFile2" in pdf and re.search(rb"/BaseFont /[A-Z]{6}\+NotoSans-Regular", pdf)
    assert set(KAZAKH_LETTERS) <= pdf_unicode_characters(pdf)


def test_many_labels_make_several_pages(curator_client, demo):
    section = Section.objects.get(slug="documents")
    for n in range(10):
        record = Item.objects.create(inventory_number=f"SYN-{n:04d}", title_en=f"Synthetic item {n}",
                                     is_published=True)
        Entry.objects.create(section=section, item=record, position=100 + n)
    pdf = download(curator_client, [section.pk], ["en"], fmt="pdf", per_page=4).content
    assert pdf_page_count(pdf) == 3  # 12 labels, 4 to a page
    response = download(curator_client, [section.pk], ["en"], fmt="svg", per_page=8)
    assert response["Content-Type"] == "application/zip"
    pages = zipfile.ZipFile(io.BytesIO(response.content))
    counts = [len(svg_labels(pages.read(name))) for name in sorted(pages.namelist())]
    assert counts == [8, 4]


def test_reviewers_and_visitors_cannot_print_labels(client, reviewer, demo):
    section = Section.objects.get(slug="documents")
    assert client.get(SHEET)["Location"].startswith("/admin/login/")
    client.force_login(reviewer)
    assert client.get(f"{SHEET}?sections={section.pk}").status_code == 403
    assert download(client, [section.pk], ["en"]).status_code == 403
    assert "print_qr_labels" not in client.get("/admin/exhibitions/section/").content.decode()


def test_labels_point_to_the_configured_public_address(curator_client, demo, settings):
    settings.MEMORIA_PUBLIC_URL = "https://memoria.example.org/"
    section = Section.objects.get(slug="parade-photographs")
    labels = svg_labels(download(curator_client, [section.pk], ["en"]).content)
    assert read_qr(labels[0]["modules"]) == "https://memoria.example.org/i/DEMO-09"
    assert "memoria.example.org/i/DEMO-09" in labels[0]["text"]


def test_scanned_labels_of_awkward_inventory_numbers_lead_to_their_items(client, curator_client, demo):
    section = Section.objects.get(slug="parade-photographs")
    for n, inventory in enumerate(WEIRD):
        record = Item.objects.create(inventory_number=inventory, title_en=f"Synthetic item {n}", is_published=True)
        Entry.objects.create(section=section, item=record, position=100 + n)
    labels = svg_labels(download(curator_client, [section.pk], ["en"], per_page=12).content)
    assert len(labels) == len(WEIRD) + 1
    for label in labels:
        scanned = read_qr(label["modules"])
        response = client.get(urlsplit(scanned).path, HTTP_ACCEPT_LANGUAGE="en")
        record = Item.objects.get(inventory_number=label["inventory_number"])
        assert response["Location"] == f"/en/items/{record.pk}/", scanned
