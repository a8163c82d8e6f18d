"""Rate limits on the expensive endpoints: the search page and OAI-PMH (the API's are in tests/api).

Through Django's test client and the real database store. The limits are set small here; the windows
are a day long (aligned on whole days), so a test never straddles one unless it says so.
"""

import re
import shutil
import socket
import subprocess
import time

import httpx2
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import translation
from oaipmh_scythe.config import RetryConfig

from memoria.ratelimit.counting import purge_ended_windows, store
from memoria.ratelimit.models import Counter
from tests.conftest import LANGS
from tests.interop.test_oai import ENDPOINT, DjangoClientTransport, Harvester

pytestmark = pytest.mark.django_db
DAY = 86_400


@pytest.fixture(autouse=True)
def fresh_counts(settings, tmp_path):
    """Each test counts from zero: on SQLite the counts live in a file outside the test's transaction."""
    settings.MEMORIA_RATE_LIMIT_FILE = tmp_path / "ratelimit.sqlite3"


@pytest.fixture
def limits(settings):
    settings.MEMORIA_RATE_LIMITS = {"search": f"3/{DAY}", "oai": f"2/{DAY}"}
    return settings


def visitor(address="127.0.0.1", headers=None):
    return Client(REMOTE_ADDR=address, headers=headers)


def searches(client, n, url="/en/search/?q=radio"):
    return [client.get(url).status_code for _ in range(n)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_after_the_limit_answers_429_in_the_visitors_language(limits, lang):
    client = visitor()
    assert searches(client, 3, f"/{lang}/search/?q=radio") == [200, 200, 200]

    response = client.get(f"/{lang}/search/?q=radio")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= DAY
    page = response.content.decode()
    with translation.override(lang):
        title = translation.gettext("Too many searches")
    if lang != "en":
        assert title != "Too many searches", f"no {lang} translation"
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{title}</h1>" in page
    assert re.search(rf"\b{response['Retry-After']}\b", page), "the page says how long to wait"
    assert 'value="radio"' in page, "the search box keeps the visitor's words"


def test_another_address_still_searches_and_the_limited_one_still_reads_pages(limits):
    greedy = visitor("127.0.0.1")
    assert searches(greedy, 5) == [200, 200, 200, 429, 429]

    assert searches(visitor("127.0.0.2"), 3) == [200, 200, 200]
    for page in ("/en/", "/en/people/", "/en/items/"):
        assert greedy.get(page).status_code == 200, page


def test_a_signed_in_curator_is_not_limited(limits, curator_client):
    assert searches(curator_client, 6) == [200] * 6


def test_a_kiosk_screen_counts_as_a_visitor_even_with_a_curator_signed_in(limits, curator_client):
    curator_client.get("/en/kiosk/")
    assert searches(curator_client, 4) == [200, 200, 200, 429]


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(limits):
    spoofing = [visitor(headers={"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(5)]
    assert [searches(client, 1)[0] for client in spoofing] == [200, 200, 200, 429, 429]

    limits.MEMORIA_TRUSTED_PROXIES = ["127.0.0.1"]
    behind_proxy = visitor(headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
    assert searches(behind_proxy, 4) == [200, 200, 200, 429]
    # Another visitor behind the same proxy, and one claiming the limited address further left.
    assert searches(visitor(headers={"X-Forwarded-For": "203.0.113.10"}), 3) == [200, 200, 200]
    assert searches(visitor(headers={"X-Forwarded-For": "203.0.113.9, 203.0.113.11"}), 1) == [200]


def test_an_ipv6_client_is_counted_by_its_64_network(limits):
    assert searches(visitor("2001:db8:1:2::10"), 3) == [200, 200, 200]
    assert searches(visitor("2001:db8:1:2::99"), 1) == [429]
    assert searches(visitor("2001:db8:1:3::10"), 1) == [200]


def test_the_count_starts_again_when_the_window_ends(settings):
    settings.MEMORIA_RATE_LIMITS = {"search": "2/2"}
    client = visitor()
    for _ in range(6):  # at most one window boundary can fall among the first three
        response = client.get("/en/search/?q=radio")
        if response.status_code == 429:
            break
    assert response.status_code == 429
    time.sleep(int(response["Retry-After"]))
    assert client.get("/en/search/?q=radio").status_code == 200


def test_oai_answers_503_with_retry_after_as_the_protocol_asks(limits):
    harvester = visitor()
    assert [harvester.get("/oai?verb=Identify").status_code for _ in range(2)] == [200, 200]

    response = harvester.get("/oai?verb=Identify", headers={"Accept-Language": "fr"})

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= DAY
    with translation.override("fr"):
        expected = translation.ngettext(
            "Too many requests from this address. Please try again in %(seconds)d second.",
            "Too many requests from this address. Please try again in %(seconds)d seconds.", seconds)
    assert expected.startswith("Trop de requêtes")
    assert response.content.decode() == expected % {"seconds": seconds}
    assert visitor("127.0.0.2").get("/oai?verb=Identify").status_code == 200


class CountingTransport(DjangoClientTransport):
    def __init__(self):
        super().__init__()
        self.statuses = []

    def handle_request(self, request):
        response = super().handle_request(request)
        self.statuses.append(response.status_code)
        return response


def test_a_harvester_waits_for_retry_after_and_completes_its_harvest(settings, demo):
    settings.MEMORIA_RATE_LIMITS = {"oai": "1/2"}
    transport = CountingTransport()
    harvester = Harvester(ENDPOINT, retry_config=RetryConfig(max_retries=3))
    harvester.__dict__["client"] = httpx2.Client(transport=transport)

    identify = harvester.identify()
    formats = list(harvester.list_metadata_formats())
    records = list(harvester.list_identifiers())

    assert identify.repositoryName and formats and records
    assert 503 in transport.statuses, "three requests within two seconds: one waited"


def test_a_wrong_limit_in_the_settings_stops_the_site_with_a_clear_message(settings):
    settings.MEMORIA_RATE_LIMITS = {"search": "lots"}
    with pytest.raises(ImproperlyConfigured, match=r"MEMORIA_RATE_LIMITS\['search'\].*120/60.*'lots'"):
        visitor().get("/en/search/?q=radio")


def test_limits_can_be_turned_off(settings):
    settings.MEMORIA_RATE_LIMITS = {"search": "off"}
    assert searches(visitor(), 5) == [200] * 5


def test_purging_keeps_the_counts_of_current_windows(limits):
    client = visitor()
    searches(client, 4)
    # A client whose window ended yesterday.
    store().hit("search:192.0.2.1", DAY, time.time() - 2 * DAY)

    assert purge_ended_windows() == 1
    assert searches(client, 1) == [429]


# --- Redis (MEMORIA_CACHE_URL) ----------------------------------------------------------------------

@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_with_a_redis_cache_the_counts_live_in_redis(limits, redis_url):
    import redis

    limits.CACHES = {**limits.CACHES, "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
        "KEY_PREFIX": "memoria-ratelimit"}}

    assert searches(visitor(), 4) == [200, 200, 200, 429]
    assert searches(visitor("127.0.0.2"), 1) == [200]

    keys = redis.Redis.from_url(redis_url).keys("memoria-ratelimit:*")
    assert len(keys) == 2 and all(b"search:127.0.0." in key for key in keys)
    assert not Counter.objects.exists()
