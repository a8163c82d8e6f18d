"""API fixtures: tokens for the conftest users, and a client speaking JSON with a token."""

import json

import pytest
from django.test import Client

from memoria.api.models import ApiToken


class ApiClient:
    """Django's test client with `Authorization: Bearer` and JSON bodies, as an API user sends them."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _send(self, method, url, body=None, **headers):
        kwargs = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(url, **kwargs)

    def get(self, url, **headers):
        return self._send("get", url, **headers)

    def post(self, url, body, **headers):
        return self._send("post", url, body, **headers)

    def put(self, url, body, **headers):
        return self._send("put", url, body, **headers)

    def patch(self, url, body, **headers):
        return self._send("patch", url, body, **headers)

    def delete(self, url, **headers):
        return self._send("delete", url, **headers)


@pytest.fixture
def anonymous():
    return ApiClient()


@pytest.fixture
def as_curator(curator):
    return ApiClient(ApiToken.objects.issue(curator)[1])


@pytest.fixture
def as_reviewer(reviewer):
    return ApiClient(ApiToken.objects.issue(reviewer)[1])
