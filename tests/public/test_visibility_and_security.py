"""Visitors see only published records and never the back office; files never run as pages."""

import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile

from memoria.archive.models import Item, Media, Person
from memoria.archive.services import media_finish_upload
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def test_unpublished_records_answer_404_to_visitors(client, demo):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    person.is_published = False
    person.save()
    assert client.get(f"/en/people/{person.pk}/").status_code == 404
    # ...and vanish from the lists and from the pages that link to them.
    assert person.name_en not in client.get("/en/people/").content.decode()
    certificate = Item.objects.get(external_id="demo:item:koishybayev-certificate-copy")
    assert f"/en/people/{person.pk}/" not in client.get(f"/en/items/{certificate.pk}/").content.decode()


def test_back_office_users_preview_unpublished_records(client, reviewer, demo):
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    person.is_published = False
    person.save()
    client.force_login(reviewer)
    response = client.get(f"/en/people/{person.pk}/")
    assert response.status_code == 200
    assert "Not published" in response.content.decode()


def test_visitor_cannot_reach_the_admin(client, demo):
    response = client.get("/admin/archive/person/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_reviewer_reads_everything_and_edits_nothing(client, reviewer, demo):
    client.force_login(reviewer)
    person = Person.objects.get(external_id="demo:person:abibulla-koishybayev")
    assert client.get(f"/admin/archive/person/{person.pk}/change/").status_code == 200
    assert client.get("/admin/archive/person/add/").status_code == 403
    response = client.post(f"/admin/archive/person/{person.pk}/change/", {"name_en": "Changed"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name_en == "Abibulla Koishybayev"


def test_admin_logins_are_throttled(client, curator):
    for _ in range(5):
        client.post("/admin/login/", {"username": "curator", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "curator", "password": "a-long-test-password-123"})
    assert response.status_code == 429  # locked out even with the right password
    assert "_auth_user_id" not in client.session


def test_pages_carry_security_headers(client, demo):
    response = client.get("/en/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def _media(item, allow_download=False):
    media = Media(item=item, content_type="image/png", width=10, height=10, allow_download=allow_download)
    media.file.save("x.png", ContentFile(png_bytes((10, 10))), save=False)
    media.save()
    return media_finish_upload(media)


def test_media_of_unpublished_items_are_hidden(client, demo):
    item = Item.objects.first()
    media = _media(item, allow_download=True)
    assert client.get(media.thumbnail.url).status_code == 200
    item.is_published = False
    item.save()
    assert client.get(media.thumbnail.url).status_code == 404
    assert client.get(media.public_file.url).status_code == 404
    assert client.get(media.file.url).status_code == 404


def test_media_files_cannot_run_scripts(client, demo):
    media = _media(Item.objects.first(), allow_download=True)
    response = client.get(media.public_file.url)  # what visitors download (archive.public_copy)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_check_deploy_is_clean_behind_https(tmp_path):
    env = {**os.environ, "MEMORIA_HTTPS": "1", "MEMORIA_DATA_DIR": str(tmp_path),
           "ALLOWED_HOSTS": "museum.example", "DJANGO_SETTINGS_MODULE": "memoria.settings"}
    # A deployment has neither; the browser tests set the second in this worker's environment.
    env.pop("DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run([sys.executable, "-m", "memoria", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
