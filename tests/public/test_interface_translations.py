"""No interface string stays in English on a Kazakh, Russian or French page."""

import re
from pathlib import Path

import polib
import pytest
from django.utils.html import escape
from django.utils.translation import override

from memoria.archive.models import Item
from tests.public.test_pages import _all_public_urls

pytestmark = pytest.mark.django_db
LOCALE = Path(__file__).resolve().parents[2] / "memoria" / "locale"


def msgids(lang: str) -> list[str]:
    """The interface strings of the catalogue: singular, multi-word, without %-format fields."""
    text = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    ids = []
    for block in re.findall(r'^msgid ((?:".*"\n)+)', text, re.M):
        value = "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')
        if value and "%" not in value and "{" not in value and " " in value:
            ids.append(value)
    return ids


@pytest.mark.parametrize("lang", ["kk", "ru", "fr"])
def test_pages_show_no_untranslated_interface_string(client, demo, lang):
    english = msgids(lang)
    assert len(english) > 50
    with override("en"):
        urls = _all_public_urls()
    untranslated = set()
    for url in urls:
        html = client.get(re.sub(r"^/en/", f"/{lang}/", url)).content.decode()
        untranslated |= {s for s in english if escape(s) in html}
    assert not untranslated


@pytest.mark.parametrize("lang, word", [("kk", "Дереккөздер"), ("ru", "Источники"), ("fr", "Sources")])
def test_footnotes_heading_is_translated(client, demo, lang, word):
    item = Item.objects.get(external_id="demo:item:radio-transmitter")
    assert word in client.get(f"/{lang}/items/{item.pk}/").content.decode()


TEMPLATES = Path(__file__).resolve().parents[2] / "memoria"


@pytest.mark.parametrize("lang", ["kk", "ru", "fr"])
def test_every_template_string_is_in_the_catalogue_and_translated(lang):
    catalogue = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    translated = {e.msgid for e in catalogue.translated_entries() if "fuzzy" not in e.flags}
    missing = set()
    for template in TEMPLATES.rglob("templates/**/*.html"):
        for _quote, text in re.findall(r"""{% translate (["'])(.+?)\1""", template.read_text()):
            if text not in translated:
                missing.add((template.name, text))
    assert not missing, "run makemessages and translate: " + repr(sorted(missing))
