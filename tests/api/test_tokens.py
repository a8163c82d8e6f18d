"""Tokens: issued once by `memoria api-token`, stored as a hash, listed (never shown) in the admin."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from memoria.api.models import ApiToken
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def issue(username, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("api-token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_command_prints_a_working_token_once_and_stores_only_its_hash(curator):
    secret, note = issue("curator", "--name", "import script")
    assert len(secret) >= 40 and "not be shown again" in note
    token = ApiToken.objects.get()
    assert token.name == "import script" and token.user == curator
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {getattr(token, f.attname) for f in ApiToken._meta.concrete_fields}
    assert token.last_used_at is None
    assert ApiClient(secret).get("/api/people").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_command_refuses_unknown_users(db):
    with pytest.raises(CommandError, match="No user named"):
        issue("nobody")


def test_deleting_a_token_in_the_admin_revokes_it(curator, client, django_user_model):
    secret, _note = issue("curator")
    token = ApiToken.objects.get()
    admin = django_user_model.objects.create_superuser("boss", password="a-long-test-password-123")
    client.force_login(admin)
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert token.prefix in listing and secret not in listing
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    client.post(f"/admin/api/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert ApiClient(secret).get("/api/people").status_code == 401
