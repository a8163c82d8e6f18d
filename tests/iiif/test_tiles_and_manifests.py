"""Deep-zoom tiles (IIIF Image API 3, level 0) and item manifests (Presentation API 3).

Scans are uploaded through the real back office or the media service; every image is SYNTHETIC.
"""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from memoria.archive.models import Item, Media
from memoria.core.stored_files import stored_files
from memoria.iiif.tiles import TILES_FOLDER, delete_tiles, identifier_for, info_name, tiles_folder
from tests.admin.forms import add_inline_rows, form_data
from tests.iiif.scans import add_scan, synthetic_item, synthetic_jpeg

pytestmark = pytest.mark.django_db

IMAGE_PROFILE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'


def upload_item(client, data: bytes, number="SYN-IIIF-0100", published=True, name="scan.jpg"):
    """Post a new item with one scan through the admin, as a curator's browser does."""
    form = form_data(client.get("/admin/archive/item/add/"))
    form.update({"inventory_number": number, "kind": "document", "title_en": f"Synthetic item {number}"})
    if published:
        form["is_published"] = "on"
    add_inline_rows(form, "media", [{"alt_text_en": "A synthetic scan", "position": "0"}])
    form["media-0-file"] = SimpleUploadedFile(name, data, "image/jpeg")
    return client.post("/admin/archive/item/add/", form)


def tile_files(folder=TILES_FOLDER):
    return sorted(stored.name for stored in stored_files(default_storage, folder))


def info_of(client, media):
    return client.get(f"/iiif/{identifier_for(media)}/info.json")


def jpeg_size(response) -> tuple[int, int]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    with Image.open(io.BytesIO(body)) as image:
        assert image.format == "JPEG"
        image.load()
        return image.size


def test_uploaded_scan_gets_tiles_a_visitor_can_zoom_into(curator_client, client):
    response = upload_item(curator_client, synthetic_jpeg((1800, 1200)))
    assert response.status_code == 302, response.content.decode()[:2000]
    media = Media.objects.get(item__inventory_number="SYN-IIIF-0100")
    identifier = identifier_for(media)

    info = client.get(f"/iiif/{identifier}/info.json")
    assert info.status_code == 200
    assert info["Content-Type"] == IMAGE_PROFILE
    assert info["Access-Control-Allow-Origin"] == "*"
    assert "public" in info["Cache-Control"] and "max-age" in info["Cache-Control"]
    document = json.loads(info.content)
    assert document["@context"] == "http://iiif.io/api/image/3/context.json"
    assert document["id"] == f"http://testserver/iiif/{identifier}"
    assert document["type"] == "ImageService3" and document["profile"] == "level0"
    assert (document["width"], document["height"]) == (1800, 1200)
    assert document["tiles"][0]["width"] == 512
    assert document["tiles"][0]["scaleFactors"][:3] == [1, 2, 4]

    # A full-resolution tile, an edge tile, and a tile of a lower level, as OpenSeadragon asks.
    first = client.get(f"/iiif/{identifier}/0,0,512,512/512,512/0/default.jpg")
    assert first.status_code == 200 and first["Content-Type"] == "image/jpeg"
    assert first["Access-Control-Allow-Origin"] == "*"
    assert jpeg_size(first) == (512, 512)
    edge = client.get(f"/iiif/{identifier}/1536,1024,264,176/264,176/0/default.jpg")
    assert jpeg_size(edge) == (264, 176)
    lower = client.get(f"/iiif/{identifier}/0,0,1024,1024/512,512/0/default.jpg")
    assert jpeg_size(lower) == (512, 512)
    # The bare identifier sends viewers to info.json (Image API 3, section 2).
    base = client.get(f"/iiif/{identifier}")
    assert base.status_code == 303 and base["Location"].endswith(f"/iiif/{identifier}/info.json")
    # What level 0 cannot do is a clean 404, not an error page.
    assert client.get(f"/iiif/{identifier}/0,0,512,512/512,512/90/default.jpg").status_code == 404
    assert client.get(f"/iiif/{identifier}/0,0,512,512/300,300/0/default.jpg").status_code == 404
    assert client.get(f"/iiif/{identifier}/..%2F..%2Fsecret_key/512,/0/default.jpg").status_code == 404

    page = client.get(f"/en/items/{media.item.pk}/").content.decode()
    assert f'data-iiif-info="/iiif/{identifier}/info.json"' in page
    assert f'href="/iiif/item/{media.item.pk}/manifest.json"' in page
    assert ">Zoom<" in page and "openseadragon.min.js" in page
    # The still image stays for browsers without JavaScript; the original stays private.
    assert f'src="{media.display.url}"' in page
    assert media.file.url not in page


def test_unpublished_items_tiles_and_manifest_are_not_shown_to_visitors(curator_client, client):
    response = upload_item(curator_client, synthetic_jpeg((900, 700)), number="SYN-IIIF-0200", published=False)
    assert response.status_code == 302
    media = Media.objects.get(item__inventory_number="SYN-IIIF-0200")
    identifier = identifier_for(media)
    urls = [f"/iiif/{identifier}/info.json", f"/iiif/{identifier}/0,0,512,512/512,512/0/default.jpg",
            f"/iiif/{identifier}", f"/iiif/item/{media.item.pk}/manifest.json"]
    for url in urls:
        assert client.get(url).status_code == 404, url
    # The back office previews them, and no shared cache keeps what visitors may not see.
    for url in urls[:2] + urls[3:]:
        preview = curator_client.get(url)
        assert preview.status_code == 200, url
        assert preview["Cache-Control"].startswith("private")
    assert ">Zoom<" not in client.get(f"/en/items/{media.item.pk}/").content.decode()  # the page is 404 too
    # Published, the same URLs open to everyone.
    Item.objects.filter(pk=media.item.pk).update(is_published=True)
    assert client.get(urls[0]).status_code == 200


def test_deleting_the_item_removes_its_tiles(curator_client, client, django_capture_on_commit_callbacks):
    upload_item(curator_client, synthetic_jpeg((800, 600)), number="SYN-IIIF-0300")
    media = Media.objects.get(item__inventory_number="SYN-IIIF-0300")
    identifier = identifier_for(media)
    assert default_storage.exists(info_name(identifier))
    stored = [media.file.name, media.display.name, media.thumbnail.name, media.public_file.name]
    assert all(stored) and all(default_storage.exists(name) for name in stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(f"/admin/archive/item/{media.item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not tile_files(tiles_folder(identifier))
    # The master, the web images and the public copy are gone too: not left in storage and backups.
    assert not any(default_storage.exists(name) for name in stored)
    assert client.get(f"/iiif/{identifier}/info.json").status_code == 404


def test_replacing_the_file_replaces_the_tiles(curator_client, client, django_capture_on_commit_callbacks):
    upload_item(curator_client, synthetic_jpeg((800, 600)), number="SYN-IIIF-0400")
    item = Item.objects.get(inventory_number="SYN-IIIF-0400")
    old = identifier_for(item.media.get())
    old_master = item.media.get().file.name
    form = form_data(curator_client.get(f"/admin/archive/item/{item.pk}/change/"))
    form["media-0-file"] = SimpleUploadedFile("second.jpg", synthetic_jpeg((1000, 1400)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(f"/admin/archive/item/{item.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    new = identifier_for(item.media.get())
    assert new != old and not tile_files(tiles_folder(old))
    assert not default_storage.exists(old_master) and default_storage.exists(item.media.get().file.name)
    document = json.loads(client.get(f"/iiif/{new}/info.json").content)
    assert (document["width"], document["height"]) == (1000, 1400)
    assert client.get(f"/iiif/{old}/info.json").status_code == 404


def test_fake_and_huge_images_are_still_refused_and_make_no_tiles(curator_client, settings, tmp_path):
    # A media folder of its own: another test worker may be making tiles meanwhile.
    settings.MEDIA_ROOT = tmp_path / "media"
    before = tile_files()
    fake = upload_item(curator_client, b"MZ\x90\x00 not a picture" * 50, number="SYN-IIIF-0500")
    assert fake.status_code == 200 and "not an image or a PDF that memoria can read" in fake.content.decode()
    settings.MEMORIA_MAX_IMAGE_PIXELS = 1_000_000
    huge = upload_item(curator_client, synthetic_jpeg((1600, 1000)), number="SYN-IIIF-0501")
    assert huge.status_code == 200 and "million pixels are accepted" in huge.content.decode()
    assert not Item.objects.filter(inventory_number__startswith="SYN-IIIF-05").exists()
    assert tile_files() == before


def test_make_tiles_command_rebuilds_missing_tiles(client):
    item = synthetic_item("SYN-IIIF-0600")
    media = add_scan(item, synthetic_jpeg((700, 500)))
    identifier = identifier_for(media)
    delete_tiles(identifier)  # as after restoring media without their tiles
    assert client.get(f"/iiif/{identifier}/info.json").status_code == 404
    out = io.StringIO()
    call_command("make-tiles", stdout=out, stderr=io.StringIO())
    assert "Deep-zoom tiles made for" in out.getvalue()
    assert client.get(f"/iiif/{identifier}/info.json").status_code == 200


def test_manifest_describes_the_item_in_its_languages(client):
    item = synthetic_item(
        "SYN-IIIF-0700", title_ru="Синтетический предмет SYN-IIIF-0700",
        description_en="A synthetic description.", date_made="1944~", rights="Synthetic rights holder",
    )
    first = add_scan(item, synthetic_jpeg((1800, 1200)), caption_en="Synthetic page one",
                     caption_fr="Page synthétique une", credit="Synthetic Credit", position=0)
    second = add_scan(item, synthetic_jpeg((640, 900)), position=1)

    response = client.get(f"/iiif/item/{item.pk}/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = json.loads(response.content)
    assert manifest["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert manifest["type"] == "Manifest"
    assert manifest["id"] == f"http://testserver/iiif/item/{item.pk}/manifest.json"
    # Only the languages that have text: nothing invented for kk and fr.
    assert manifest["label"] == {"ru": ["Синтетический предмет SYN-IIIF-0700"],
                                 "en": ["Synthetic item SYN-IIIF-0700"]}
    assert manifest["summary"] == {"en": ["A synthetic description."]}
    labels = [entry["label"] for entry in manifest["metadata"]]
    assert {"kk", "ru", "en", "fr"} <= set(labels[0])
    assert labels[0]["ru"] == ["Инвентарный номер"]
    assert manifest["metadata"][0]["value"] == {"none": ["SYN-IIIF-0700"]}
    assert manifest["metadata"][1]["value"]["en"] == ["about 1944"]
    assert manifest["requiredStatement"]["value"] == {"none": ["Synthetic rights holder"]}

    canvases = manifest["items"]
    assert [(c["width"], c["height"]) for c in canvases] == [(1800, 1200), (640, 900)]
    assert canvases[0]["label"] == {"en": ["Synthetic page one"], "fr": ["Page synthétique une"]}
    assert canvases[0]["requiredStatement"]["value"] == {"none": ["Synthetic Credit"]}
    for canvas, media in zip(canvases, [first, second]):
        annotation = canvas["items"][0]["items"][0]
        assert annotation["motivation"] == "painting" and annotation["target"] == canvas["id"]
        body = annotation["body"]
        assert body["type"] == "Image" and body["format"] == "image/jpeg"
        service = body["service"][0]
        assert service["type"] == "ImageService3" and service["profile"] == "level0"
        assert service["id"] == f"http://testserver/iiif/{identifier_for(media)}"
        # The service resolves to an info.json of the same image.
        info = client.get(service["id"].removeprefix("http://testserver") + "/info.json")
        assert info.status_code == 200
        document = json.loads(info.content)
        assert document["id"] == service["id"]
        assert (document["width"], document["height"]) == (canvas["width"], canvas["height"])
        assert client.get(body["id"].removeprefix("http://testserver")).status_code == 200


def test_no_manifest_for_an_item_without_images(demo, client):
    item = Item.objects.filter(is_published=True).first()
    assert client.get(f"/iiif/item/{item.pk}/manifest.json").status_code == 404
    assert "manifest.json" not in client.get(f"/en/items/{item.pk}/").content.decode()


def test_item_page_with_scans_speaks_every_language_and_stays_cheap(demo, client):
    item = synthetic_item("SYN-IIIF-0800")
    for position in range(3):
        add_scan(item, synthetic_jpeg((700, 500)), position=position)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/en/items/{item.pk}/").status_code == 200
    assert len(queries) <= 10
    expected = {"kk": ("Үлкейту", "Бүкіл сурет", "IIIF манифесі"),
                "ru": ("Увеличить", "Всё изображение", "Манифест IIIF"),
                "fr": ("Agrandir", "Image entière", "Manifeste IIIF"),
                "en": ("Zoom", "Whole image", "IIIF manifest")}
    for lang, words in expected.items():
        page = client.get(f"/{lang}/items/{item.pk}/").content.decode()
        assert page.count("data-iiif-info=") == 3
        for word in words:
            assert word in page, (lang, word)


def test_api_upload_makes_tiles_and_api_delete_removes_them(curator, client, django_capture_on_commit_callbacks):
    from memoria.api.models import ApiToken

    headers = {"Authorization": f"Bearer {ApiToken.objects.issue(curator)[1]}"}
    item = synthetic_item("SYN-IIIF-0900")
    upload = io.BytesIO(synthetic_jpeg((1100, 800)))
    upload.name = "scan.jpg"
    created = client.post(f"/api/items/{item.pk}/media", {"file": upload, "alt_text_en": "A synthetic scan"},
                          headers=headers)
    assert created.status_code == 201, created.content
    identifier = identifier_for(Media.objects.get(item=item))
    info = json.loads(client.get(f"/iiif/{identifier}/info.json").content)
    assert (info["width"], info["height"]) == (1100, 800)
    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.delete(created["Location"], headers={**headers, "If-Match": created["ETag"]})
    assert deleted.status_code == 204
    assert not tile_files(tiles_folder(identifier))
    assert client.get(f"/iiif/{identifier}/info.json").status_code == 404


def test_a_phones_portrait_photograph_is_upright_everywhere(curator_client, client):
    """Stored lying down (900 × 600) with EXIF orientation 6, as phones do: every image a visitor
    sees — display, thumbnail, deep zoom — and the recorded size are the upright 600 × 900."""
    lying = Image.open(io.BytesIO(synthetic_jpeg((900, 600))))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    out = io.BytesIO()
    lying.save(out, "JPEG", quality=85, exif=exif)
    assert upload_item(curator_client, out.getvalue(), number="SYN-IIIF-PORTRAIT").status_code == 302
    media = Media.objects.get(item__inventory_number="SYN-IIIF-PORTRAIT")

    assert (media.width, media.height) == (600, 900)
    for derivative in (media.display, media.thumbnail):
        with default_storage.open(derivative.name) as fh, Image.open(fh) as image:
            assert image.height > image.width
    info = json.loads(info_of(client, media).content)
    assert (info["width"], info["height"]) == (600, 900)
