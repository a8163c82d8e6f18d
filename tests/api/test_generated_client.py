"""A client generated from /api/openapi.json by openapi-python-client works against the running
site: it has every write operation, and a curator creates, reads, changes (If-Match from the ETag
read) and deletes a place with it; a stale If-Match comes back as the declared, typed 412.

The place is synthetic test data, named so; no historical fact is stated.
"""

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from memoria.api.models import ApiToken

PACKAGE = "memoria_generated_client"
WRITE_METHODS = {"post", "put", "patch", "delete"}


@pytest.fixture
def generated_client(live_server, tmp_path, monkeypatch):
    """Generate the client package from the live document into tmp_path and import it."""
    document = tmp_path / "openapi.json"
    document.write_bytes(httpx.get(f"{live_server.url}/api/openapi.json", timeout=60).raise_for_status().content)
    config = tmp_path / "config.yaml"
    # No post hooks: the generator would run ruff over its output; the code imports without it.
    config.write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n")
    result = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(document),
         "--config", str(config), "--meta", "none", "--output-path", str(tmp_path / PACKAGE),
         "--fail-on-warning"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE), document
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def _generated_operations(package_dir: Path) -> dict[str, str]:
    """{module name: HTTP method} of every operation the generator wrote."""
    methods = {}
    for module in (package_dir / "api").glob("*/*.py"):
        found = re.search(r'"method": "(\w+)"', module.read_text())
        if found:
            methods[module.stem] = found[1]
    return methods


@pytest.mark.django_db(transaction=True)
def test_generated_client_writes_with_if_match(generated_client, live_server, curator):
    package, document = generated_client
    paths = json.loads(document.read_text())["paths"]
    documented = {operation["operationId"] for path in paths.values()
                  for method, operation in path.items() if method in WRITE_METHODS}
    generated = {name for name, method in _generated_operations(Path(package.__file__).parent).items()
                 if method in WRITE_METHODS}
    assert documented and generated == documented, "the generator dropped write operations"

    api = {name: importlib.import_module(f"{PACKAGE}.api.places.places_{name}")
           for name in ("create", "get", "update", "delete")}
    models = importlib.import_module(f"{PACKAGE}.models")
    client = package.AuthenticatedClient(base_url=live_server.url, token=ApiToken.objects.issue(curator)[1],
                                         raise_on_unexpected_status=True)

    name = models.TextRequired300In(en="Synthetic test place", ru="Тестовое место (синтетическое)")
    created = api["create"].sync_detailed(client=client, body=models.PlaceIn(name=name))
    assert created.status_code == 201, created.content
    place = created.parsed
    assert isinstance(place, models.PlaceOut) and place.name.en == "Synthetic test place"
    assert place.is_published is False

    read = api["get"].sync_detailed(client=client, pk=place.id)
    assert read.status_code == 200 and read.parsed.name.ru == "Тестовое место (синтетическое)"
    version = read.headers["ETag"]

    changed = api["update"].sync_detailed(client=client, pk=place.id, if_match=version,
                                          body=models.PlacePatch(latitude=43.238949, longitude=76.889709))
    assert changed.status_code == 200, changed.content
    assert (changed.parsed.latitude, changed.parsed.longitude) == (43.238949, 76.889709)
    assert changed.parsed.name.en == "Synthetic test place"  # PATCH left the name as it was

    stale = api["update"].sync_detailed(client=client, pk=place.id, if_match=version,
                                        body=models.PlacePatch(latitude=0.0))
    assert stale.status_code == 412
    assert isinstance(stale.parsed, models.ErrorOut) and "changed since you read it" in stale.parsed.detail

    deleted = api["delete"].sync_detailed(client=client, pk=place.id, if_match=changed.headers["ETag"])
    assert deleted.status_code == 204
    gone = api["get"].sync_detailed(client=client, pk=place.id)
    assert gone.status_code == 404 and isinstance(gone.parsed, models.ErrorOut)
