"""With MEMORIA_CACHE_URL, app servers share one cache in the real Redis (127.0.0.1:6379).

Each "app server" is its own Python process started with the production settings, as two servers
behind a load balancer would be.
"""

import os
import subprocess
import sys
import uuid

import pytest
import redis

REDIS_URL = os.environ.get("MEMORIA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason=f"no Redis server answers at {REDIS_URL}")


def app_server(tmp_path, code: str, cache_url: str | None) -> str:
    """Runs `code` in a new process configured like a production server; returns what it prints."""
    env = {key: value for key, value in os.environ.items() if key != "MEMORIA_CACHE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="memoria.settings", MEMORIA_DATA_DIR=str(tmp_path))
    if cache_url:
        env["MEMORIA_CACHE_URL"] = cache_url
    setup = "import django; django.setup(); from django.core.cache import caches; "
    done = subprocess.run([sys.executable, "-c", setup + code], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def key():
    key = f"test-shared-cache-{uuid.uuid4().hex}"
    yield key
    client = redis.Redis.from_url(REDIS_URL)
    for stored in client.scan_iter(f"*{key}*"):
        client.delete(stored)


def test_two_app_servers_share_the_default_cache_in_redis(tmp_path, key):
    app_server(tmp_path, f"caches['default'].set('{key}', 'set by server A', 60)", REDIS_URL)
    assert app_server(tmp_path, f"print(caches['default'].get('{key}'))", REDIS_URL) == "set by server A"


def test_rate_limit_counts_have_their_own_keys_beside_the_page_cache(tmp_path, key):
    app_server(tmp_path, f"caches['default'].set('{key}', 'page'); caches['ratelimit'].set('{key}', 'count')",
               REDIS_URL)
    assert app_server(tmp_path, f"print(caches['default'].get('{key}'), caches['ratelimit'].get('{key}'))",
                      REDIS_URL) == "page count"


def test_without_a_cache_url_each_server_keeps_its_own_cache(tmp_path, key):
    app_server(tmp_path, f"caches['default'].set('{key}', 'set by server A', 60)", None)
    assert app_server(tmp_path, f"print(caches['default'].get('{key}'))", None) == "None"
    # Without Redis: no rate-limit alias; the page cache and the jobs' progress are files of this
    # host's data directory.
    assert app_server(tmp_path, "print(sorted(caches.settings))", None) == "['default', 'jobs', 'pages']"
    assert app_server(tmp_path, "print(caches.settings['pages']['BACKEND'])", None) == \
        "memoria.core.page_cache.LazyFileCache"
