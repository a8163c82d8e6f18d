"""The anonymous API is rate-limited per address (the name search on its own budget); tokens are not."""

import pytest
from django.test import Client

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db
DAY = 86_400


@pytest.fixture(autouse=True)
def fresh_counts(settings, tmp_path):
    """Each test counts from zero: on SQLite the counts live in a file outside the test's transaction."""
    settings.MEMORIA_RATE_LIMIT_FILE = tmp_path / "ratelimit.sqlite3"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.MEMORIA_RATE_LIMITS = {"api": f"3/{DAY}", "names": f"2/{DAY}"}


def statuses(client, url, n):
    return [client.get(url).status_code for _ in range(n)]


def test_an_anonymous_client_gets_429_with_json_and_retry_after(anonymous):
    assert statuses(anonymous, "/api/items", 3) == [200, 200, 200]

    response = anonymous.get("/api/items", **{"Accept-Language": "ru"})

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= DAY
    assert response.json()["detail"].startswith("Слишком много запросов с этого адреса")
    assert str(seconds) in response.json()["detail"]
    assert Client(REMOTE_ADDR="127.0.0.2").get("/api/items").status_code == 200


def test_the_name_search_has_its_own_smaller_budget(anonymous):
    assert statuses(anonymous, "/api/people?q=Koishybayev", 3) == [200, 200, 429]
    assert statuses(anonymous, "/api/people", 3) == [200, 200, 200], "plain lists count as api"
    assert anonymous.get("/api/people").status_code == 429


def test_a_token_client_is_not_limited(as_curator):
    assert statuses(as_curator, "/api/items", 6) == [200] * 6
    assert statuses(as_curator, "/api/people?q=Koishybayev", 6) == [200] * 6


def test_a_made_up_token_is_refused_before_any_work():
    """Requests with a token are not counted, so a wrong one must buy nothing but a 401."""
    assert statuses(ApiClient("not-a-real-token"), "/api/people?q=Koishybayev", 4) == [401] * 4
