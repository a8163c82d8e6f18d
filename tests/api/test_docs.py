"""The OpenAPI document and the documentation page, which must work offline under our CSP."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_openapi_document_lists_the_operations(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {"/api/people", "/api/people/{pk}", "/api/items", "/api/events", "/api/places", "/api/units",
            "/api/sources", "/api/exhibitions/{pk}", "/api/citations", "/api/people/{pk}/citations"} <= set(
        document["paths"])
    assert set(document["paths"]["/api/people/{pk}"]) == {"get", "put", "patch", "delete"}
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    operation_ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_docs_page_loads_only_same_origin_scripts(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    for attributes, body in scripts:
        assert not body.strip(), "an inline script would be blocked by the CSP"
        src = re.search(r'src="([^"]+)"', attributes)[1]
        assert src.startswith("/static/"), src
        assert finders.find(src.removeprefix("/static/")), src
    assert "http://" not in html and "https://" not in html
    assert 'data-openapi-url="/api/openapi.json"' in html
