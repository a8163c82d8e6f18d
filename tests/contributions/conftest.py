"""Shared by the contribution tests: a published person and item (synthetic), the form as a visitor
fills it, and files."""

import io
import re

import pytest
from PIL import Image

from memoria.archive.models import Item, Person

SHOWN = re.compile(r'name="shown" value="([^"]+)"')


@pytest.fixture(autouse=True)
def contribution_settings(settings):
    # No waiting in tests: the fill-time test sets its own minimum.
    settings.MEMORIA_CONTRIBUTION_MIN_SECONDS = 0
    settings.MEMORIA_CONTRIBUTION_RATE_LIMIT = "1000/3600"
    settings.MEMORIA_PUBLIC_URL = ""
    return settings


@pytest.fixture
def person(db):
    return Person.objects.create(name_en="Test Person", name_kk="Тест Адам", name_ru="Тестовый Человек",
                                 birth_date="1920", is_published=True)


@pytest.fixture
def item(db):
    return Item.objects.create(inventory_number="TEST-1", title_en="Test letter", is_published=True)


def form_url(lang: str, about: str = "") -> str:
    return f"/{lang}/contribute/" + (f"?about={about}" if about else "")


def open_form(client, lang: str, about: str = "") -> str:
    """GET the form as a visitor does; returns its signed "shown" stamp."""
    response = client.get(form_url(lang, about))
    assert response.status_code == 200
    return SHOWN.search(response.content.decode()).group(1)


def story(**overrides) -> dict:
    data = {
        "kind": "story", "text": "My grandfather wrote letters home (synthetic test text).",
        "contributor_name": "Test Contributor", "contributor_email": "family@example.org",
        "relation": "grandson", "licence": "museum_may_show", "rights_confirmed": "on", "website": "",
    }
    data.update(overrides)
    return data


def send(client, lang: str, about: str = "", files=(), **overrides):
    """Open the form, fill it in and send it, as a visitor would."""
    data = story(shown=open_form(client, lang, about), **overrides)
    if files:
        data["files"] = list(files)
    return client.post(form_url(lang, about), data)


def png_file(name="photo.png", size=(64, 48)) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 30, 20)).save(out, "PNG")
    out.seek(0)
    out.name = name
    return out


def jpeg_with_gps(name="photo.jpg") -> io.BytesIO:
    image = Image.new("RGB", (80, 60), (20, 60, 120))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0)}  # GPSInfo: a synthetic position
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    out.seek(0)
    out.name = name
    return out


def sent_token(client, lang: str, about: str = "", files=(), **overrides) -> str:
    """Send a contribution; the secret token, read from the "received" page as the visitor would."""
    response = send(client, lang, about, files=files, **overrides)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    return page.split(f"/{lang}/contributions/")[1].split("/")[0]
