"""A list refuses a query parameter it does not declare, as a body refuses an unknown field."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_misspelt_filter_is_refused_not_ignored(client, demo):
    everyone = client.get("/api/people")
    assert everyone.status_code == 200 and everyone.json()["count"] > 1
    # "update_since" for "updated_since": answering the whole list would look like a result.
    response = client.get("/api/people?update_since=2999-01-01T00:00:00Z")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "update_since", "code": "unknown_parameter",
                                          "message": "This list has no query parameter 'update_since'."}]
    assert client.get("/api/exhibitions?page=2").status_code == 422


def test_declared_filters_and_pages_still_work(client, demo):
    response = client.get("/api/people?limit=1&offset=1&updated_since=2000-01-01T00:00:00Z")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    assert client.get("/api/people?updated_since=2999-01-01T00:00:00Z").json()["count"] == 0
