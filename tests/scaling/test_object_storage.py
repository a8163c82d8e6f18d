"""Media and deep-zoom tiles in a real S3 server (SeaweedFS), chosen by settings alone.

A curator uploads through the real back office; the test then looks into the bucket with the
server's own client, and comes back as a visitor through memoria's pages and IIIF endpoints. The
bucket is private: a visitor gets a file only through memoria's visibility rule, never from the
bucket's address. Every image is SYNTHETIC.
"""

import io
import json
import urllib.error
import urllib.request
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from memoria.archive.models import Media, Person
from memoria.iiif.tiles import identifier_for
from memoria.settings import object_storage
from tests.admin.forms import add_inline_rows, form_data
from tests.iiif.scans import synthetic_jpeg
from tests.imports.conftest import PEOPLE_HEADER, csv_bytes, person_row
from tests.scaling.s3 import ACCESS_KEY, BUCKET, ENDPOINT, SECRET_KEY, needs_s3, new_prefix

pytestmark = [pytest.mark.django_db, *needs_s3]


@pytest.fixture
def bucket(settings):
    """memoria's media storage set to a fresh folder of the test bucket, for this test only."""
    prefix = new_prefix()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(BUCKET, endpoint_url=ENDPOINT, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                                  prefix=prefix.name),
    }
    yield prefix
    prefix.empty()


def upload_photograph(client, number, photograph: bytes, *, published=True) -> Media:
    """A curator adds an item with one photograph through the admin, as their browser does."""
    form = form_data(client.get("/admin/archive/item/add/"))
    form.update({"inventory_number": number, "kind": "photograph", "title_en": f"Synthetic item {number}"})
    if published:
        form["is_published"] = "on"
    add_inline_rows(form, "media", [{"alt_text_en": "A synthetic photograph", "position": "0",
                                     "allow_download": "on"}])
    form["media-0-file"] = SimpleUploadedFile("photograph.jpg", photograph, "image/jpeg")
    response = client.post("/admin/archive/item/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Media.objects.get(item__inventory_number=number)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def media_path(url: str) -> str:
    assert url.startswith("/media/"), url
    return unquote(url.removeprefix("/media/"))


def anonymous_get(url: str) -> int:
    """The status of a plain, unsigned GET: what someone who guessed the address gets."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_an_uploaded_photograph_lives_in_the_bucket_and_visitors_get_it_through_memoria(
        curator_client, client, bucket):
    photograph = synthetic_jpeg((1300, 900))
    media = upload_photograph(curator_client, "SYN-S3-0001", photograph)
    identifier = identifier_for(media)
    keys = bucket.keys()

    # The master, its derivatives, the public copy and the tiles are all objects of the bucket.
    for field in (media.file, media.display, media.thumbnail, media.public_file):
        assert field.name in keys, (field.name, keys)
    assert bucket.read(media.file.name) == photograph
    tiles = [key for key in keys if key.startswith(f"iiif/{identifier}/")]
    assert f"iiif/{identifier}/info.json" in tiles and len(tiles) > 4

    # The visitor's item page links files through memoria, never the bucket.
    page = client.get(f"/en/items/{media.item.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert ENDPOINT not in html and BUCKET not in html
    assert f'src="/media/{media.display.name}"' in html
    assert f'data-iiif-info="/iiif/{identifier}/info.json"' in html

    display = client.get(f"/media/{media.display.name}")
    assert display.status_code == 200 and display["Content-Type"] == "image/jpeg"
    assert body(display) == bucket.read(media.display.name)

    # Deep zoom: info.json and a tile, served from the bucket by memoria's IIIF endpoints.
    info = client.get(f"/iiif/{identifier}/info.json")
    assert info.status_code == 200
    assert (json.loads(info.content)["width"], json.loads(info.content)["height"]) == (1300, 900)
    tile_name = f"iiif/{identifier}/0,0,512,512/512,512/0/default.jpg"
    tile = client.get(f"/{tile_name}")
    assert tile.status_code == 200 and tile["Content-Type"] == "image/jpeg"
    tile_bytes = body(tile)
    assert tile_bytes == bucket.read(tile_name)
    with Image.open(io.BytesIO(tile_bytes)) as picture:
        assert picture.size == (512, 512)

    # "Download the original" gives the visitor the public copy, with memoria's headers.
    download_url = next(part.split('"')[0] for part in html.split('href="')[1:] if "/media/public/" in part)
    download = client.get(download_url)
    assert download.status_code == 200
    assert body(download) == bucket.read(media.public_file.name)
    assert "sandbox" in download["Content-Security-Policy"]
    # The master stays the staff's.
    assert client.get(f"/media/{media.file.name}").status_code == 404
    assert body(curator_client.get(f"/media/{media.file.name}")) == bucket.read(media.file.name)

    # The bucket itself refuses whoever asks without the archive's keys, even for a public file.
    for name in (media.file.name, media.public_file.name, tile_name):
        assert anonymous_get(bucket.url(name)) == 403, name
    assert anonymous_get(f"{ENDPOINT}/{BUCKET}?list-type=2") == 403


def test_an_unpublished_items_files_are_not_found_for_visitors(curator_client, client, bucket):
    media = upload_photograph(curator_client, "SYN-S3-0002", synthetic_jpeg((700, 500)), published=False)
    identifier = identifier_for(media)
    assert f"iiif/{identifier}/info.json" in bucket.keys()
    hidden = [f"/media/{media.display.name}", f"/media/{media.thumbnail.name}", f"/media/{media.public_file.name}",
              f"/media/{media.file.name}", f"/iiif/{identifier}/info.json",
              f"/iiif/{identifier}/0,0,512,500/512,500/0/default.jpg"]
    for url in hidden:
        assert client.get(url).status_code == 404, url
    # The curator previews the very same addresses.
    for url in hidden:
        assert curator_client.get(url).status_code == 200, url


def test_deleting_the_item_removes_its_tiles_from_the_bucket(curator_client, bucket,
                                                              django_capture_on_commit_callbacks):
    media = upload_photograph(curator_client, "SYN-S3-0003", synthetic_jpeg((600, 400)))
    identifier = identifier_for(media)
    assert any(key.startswith(f"iiif/{identifier}/") for key in bucket.keys())
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(f"/admin/archive/item/{media.item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not any(key.startswith(f"iiif/{identifier}/") for key in bucket.keys())
    assert Client().get(f"/iiif/{identifier}/info.json").status_code == 404


def test_an_import_waits_in_the_bucket_between_dry_run_and_confirmation(curator_client, bucket, settings):
    """Behind a load balancer the dry run and the confirmation may reach different app servers:
    the spreadsheet waits in the shared bucket, not on one server's disk."""
    rows = [person_row(n) for n in range(1, 4)]
    rows[1] = person_row(2, birth_date="not a date")
    sheet = SimpleUploadedFile("people.csv", csv_bytes(PEOPLE_HEADER, rows), content_type="text/csv")
    dry = curator_client.post("/admin/import/", {"file": sheet, "kind": "", "mode": "partial"})
    assert "1 rejected" in dry.content.decode()
    token = dry.context["token"]
    assert bucket.keys() == [f"imports/{token}.csv"]
    assert bucket.read(f"imports/{token}.csv") == csv_bytes(PEOPLE_HEADER, rows)
    assert not (settings.MEDIA_ROOT / "imports" / f"{token}.csv").exists()

    done = curator_client.post("/admin/import/", {"token": token, "mode": "partial"}, follow=True)
    assert "Imported the good rows (--partial): 2 created" in done.content.decode()
    assert Person.objects.count() == 2
    # The spreadsheet is gone; the rejected row waits in the bucket for the curator to download.
    assert bucket.keys() == [f"imports/{token}.people.rejects.csv"]
    rejects = curator_client.get(f"/admin/import/rejects/{token}/people.csv")
    assert rejects.status_code == 200
    assert body(rejects) == bucket.read(f"imports/{token}.people.rejects.csv")
    assert "syn:person:00002" in body(curator_client.get(f"/admin/import/rejects/{token}/people.csv")).decode()


@pytest.fixture
def bucket_for_contributions(settings):
    """Media and the families' files in review in a fresh folder of the bucket, as
    MEMORIA_S3_BUCKET sets them: two app servers then see the same contributions."""
    prefix = new_prefix()
    options = {"endpoint_url": ENDPOINT, "access_key": ACCESS_KEY, "secret_key": SECRET_KEY, "prefix": prefix.name}
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(BUCKET, **options),
                         "contributions": object_storage(BUCKET, **options, private=True)}
    yield prefix
    prefix.empty()


def test_a_familys_photograph_waits_in_the_buckets_private_folder(curator_client, client, bucket_for_contributions):
    from django.core.files.storage import default_storage

    from memoria.contributions.models import Contribution
    from memoria.core.stored_files import stored_files
    from tests.contributions.sent import jpeg_upload, send, synthetic_person

    contribution, _token = send(synthetic_person(), Contribution.Kind.PHOTOS,
                                files=[jpeg_upload(synthetic_jpeg((400, 300)), "family-scan.jpg")])
    sent = contribution.files.get()
    # In the bucket, under the private folder: never on this server's disk, never among the media.
    assert bucket_for_contributions.keys() == [f"private/{sent.file.name}"]
    assert list(stored_files(default_storage)) == []
    with pytest.raises(ValueError):
        sent.file.url
    # A visitor who guesses the key gets nothing; the curator sees the file in the back office.
    assert client.get(f"/media/private/{sent.file.name}").status_code == 404
    shown = curator_client.get(f"/admin/contributions/contribution/{contribution.pk}/files/{sent.pk}/")
    assert shown.status_code == 200 and body(shown) == bucket_for_contributions.read(f"private/{sent.file.name}")
