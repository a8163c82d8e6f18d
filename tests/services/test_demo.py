"""The demo exhibition comes from the article, cites it, and loads idempotently."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command

from memoria.archive.models import Event, Item, NameVariant, Person, Place, Unit
from memoria.demo.loader import DATA_FILE
from memoria.exhibitions.models import Exhibition
from memoria.sources.models import Citation, Source

pytestmark = pytest.mark.django_db
# The text of the article the demo is built from, kept beside the demo data.
ARTICLE = DATA_FILE.with_name("source-article-2025-02-01.txt")


def table_state():
    """Row count and latest change of every table memoria owns, history included."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sources", "archive", "exhibitions"):
            state[model._meta.label] = (model.objects.count(),
                                        sorted(model.objects.values_list("pk", flat=True)))
            if hasattr(model, "updated_at"):
                state[model._meta.label + ".updated"] = max(
                    model.objects.values_list("updated_at", flat=True), default=None)
    return state


def test_loading_the_demo_twice_changes_nothing(capsys):
    call_command("demo")
    first = table_state()
    call_command("demo")
    assert table_state() == first
    assert "0 records created, 0 updated" in capsys.readouterr().out


def test_demo_holds_what_the_article_names(demo):
    exhibition = Exhibition.objects.get()
    assert exhibition.title_en == "They traveled across Europe"
    assert exhibition.is_featured and exhibition.is_published
    names = set(Person.objects.values_list("name_en", flat=True))
    assert {"Abibulla Koishybayev", "Kabysh Omarov", "Kadem Zhumaniyazov"} <= names
    assert Item.objects.filter(title_en__icontains="radio transmitter").exists()
    assert Item.objects.filter(title_en__icontains="field telephone").exists()
    assert Item.objects.filter(title_en__icontains="telegraph key").exists()
    certificate = Item.objects.get(title_en__icontains="certificate")
    assert certificate.is_original is False  # "a copy of the certificate"
    assert Place.objects.filter(name_en="Toulouse").exists()
    assert Unit.objects.filter(name_en__icontains="first Soviet partisan regiment").exists()
    assert Event.objects.filter(kind="exhibition_opening").exists()


def test_every_record_and_relation_cites_the_article(demo):
    article = Source.objects.get(external_id="demo:source:article")
    assert article.url.startswith("https://www.gov.kz/")
    assert article.date == "2025-02-01"
    for model in (Person, Item, Event, Place, Unit, Exhibition):
        for record in model.objects.all():
            assert record.citations.filter(source=article).exists(), record


def test_every_quotation_is_in_the_article(demo):
    text = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    for quote in Citation.objects.exclude(quote="").values_list("quote", flat=True):
        assert " ".join(quote.split()) in text, quote


def test_demo_texts_exist_in_four_languages(demo):
    for record in Item.objects.all():
        for lang in ("kk", "ru", "en", "fr"):
            assert getattr(record, f"title_{lang}"), (record, lang)
            assert getattr(record, f"description_{lang}"), (record, lang)


def test_our_transliterations_are_marked_as_such(demo):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    ours = {v["text"] for p in data["people"] for v in p["name_variants"] if v["kind"] == "transliteration"}
    for variant in NameVariant.objects.filter(text__in=ours):
        assert variant.kind == "transliteration"
        assert not variant.citations.exists()
