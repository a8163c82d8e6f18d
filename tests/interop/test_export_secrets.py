"""`memoria export` hands over the archive, not the keys to it.

An archive with accounts that signed in (sessions, login logs), failed a login (axes), hold an
API token and made changes (history, admin log) is exported as a user would: the default export
carries none of their password hashes, token hashes, e-mail addresses or session keys, and loads
into a new archive; `--include-accounts` carries them all and says so on stderr. Backups keep
carrying everything (tests/interop/test_backup.py restores them). Each command runs in a
subprocess on a data directory of its own, on SQLite and on PostgreSQL.
"""

import json
import stat

import pytest

from tests.interop.test_backup import SETUP, create_database, drop_database, memoria

# Two SYNTHETIC staff accounts; the keeper signs in (a session, an axes access log), fails once
# (an axes attempt and failure log), edits a person (history naming the account) and logs it.
POPULATE = SETUP + """
import json
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.test import Client
from memoria.api.models import ApiToken
from memoria.archive.models import Person
from memoria.core import services

keeper = User.objects.create_user("keeper", "keeper.synthetic@example.org", "a-long-test-password-123",
                                  is_staff=True)
keeper.groups.add(Group.objects.get(name="curator"))
User.objects.create_superuser("director", "director.synthetic@example.org", "another-long-password-456")
browser = Client()
assert browser.post("/admin/login/", {"username": "keeper", "password": "wrong"}).status_code == 200
assert browser.post("/admin/login/", {"username": "keeper", "password": "a-long-test-password-123"}).status_code == 302
person = Person.objects.order_by("pk").first()
services.update(Person, person.pk, {"roles_en": "SYNTHETIC test role"}, keeper, "*")
LogEntry.objects.log_actions(keeper.pk, [person], CHANGE, change_message="SYNTHETIC test change")
_token, secret = ApiToken.objects.issue(keeper, name="harvest script")
print(json.dumps({
    "password hashes": list(User.objects.values_list("password", flat=True)),
    "e-mail addresses": list(User.objects.values_list("email", flat=True)),
    "token hashes": list(ApiToken.objects.values_list("key_hash", flat=True)),
    "tokens": [secret],
    "session keys": list(Session.objects.values_list("session_key", flat=True)),
}))
"""

COUNT = SETUP + """
import json
from memoria.archive.models import Person
from memoria.sources.models import Citation
citation = Citation.objects.order_by("pk").first()
print(json.dumps({"people": Person.objects.count(), "citations": Citation.objects.count(),
                  "first citation cites": str(citation.content_type.model_class()._meta.label_lower)}))
"""

ACCOUNT_MODELS = {"auth.user", "auth.group", "auth.permission", "sessions.session", "api.apitoken",
                  "admin.logentry", "axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def archive(request, tmp_path_factory):
    """(data dir, database URL, the secrets it holds)."""
    url = create_database() if request.param == "postgresql" else None
    data_dir = tmp_path_factory.mktemp(request.param) / "source"
    try:
        memoria("migrate", "-v0", data_dir=data_dir, database_url=url)
        memoria("demo", data_dir=data_dir, database_url=url)
        memoria("collectstatic", "--noinput", "-v0", data_dir=data_dir)  # the login page's CSS, as served
        secrets = json.loads(memoria("-c", POPULATE, data_dir=data_dir, database_url=url).stdout)
        assert all(secrets.values()), secrets
        yield data_dir, url, secrets
    finally:
        if url:
            drop_database(url)


def leaked(text: str, secrets: dict) -> list[str]:
    return [f"{kind}: {value}" for kind, values in secrets.items() for value in values if value in text]


def models_in(text: str) -> set[str]:
    return {json.loads(line)["model"] for line in text.splitlines()}


def test_the_export_holds_the_archive_and_no_account_token_or_session(archive):
    data_dir, url, secrets = archive
    exported = memoria("export", data_dir=data_dir, database_url=url)

    assert leaked(exported.stdout, secrets) == []
    models = models_in(exported.stdout)
    assert not models & ACCOUNT_MODELS
    assert not any(label.split(".")[1].startswith("historical") for label in models)
    assert {"archive.person", "archive.item", "sources.citation", "exhibitions.exhibition"} <= models
    assert "history_user" not in exported.stdout and "password hash" not in exported.stderr


def test_the_export_loads_into_a_new_archive(archive, tmp_path):
    data_dir, url, _secrets = archive
    source = json.loads(memoria("-c", COUNT, data_dir=data_dir, database_url=url).stdout)
    export = tmp_path / "records.jsonl"
    memoria("export", str(export), data_dir=data_dir, database_url=url)

    new = tmp_path / "new"
    memoria("migrate", "-v0", data_dir=new)
    memoria("loaddata", str(export), data_dir=new)
    assert json.loads(memoria("-c", COUNT, data_dir=new).stdout) == source


def test_include_accounts_dumps_every_table_with_the_hashes_and_says_so(archive, tmp_path):
    data_dir, url, secrets = archive
    dump = tmp_path / "everything.jsonl"
    result = memoria("export", "--include-accounts", str(dump), data_dir=data_dir, database_url=url)

    assert "password hash" in result.stderr and "API token hashes" in result.stderr
    text = dump.read_text(encoding="utf-8")
    # Everything but the clear-text tokens, which memoria never stores.
    assert sorted(leaked(text, {k: v for k, v in secrets.items() if k != "tokens"})) == sorted(
        f"{kind}: {value}" for kind, values in secrets.items() if kind != "tokens" for value in values)
    assert leaked(text, {"tokens": secrets["tokens"]}) == []
    # (axes keeps its failure log only when AXES_ENABLE_ACCESS_FAILURE_LOG is set: here it is empty)
    assert ACCOUNT_MODELS - {"axes.accessfailurelog"} <= models_in(text)
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600  # owner only, like the database
