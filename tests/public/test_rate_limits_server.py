"""The limit holds across server workers: gunicorn with two workers, real HTTP over loopback.

The server runs as `memoria serve` runs it (gunicorn, 2 workers × 4 threads) on a copy of the test's
database (SQLite: written out with VACUUM INTO; PostgreSQL: the test database itself). A greedy
client from 127.0.0.2 and a polite one from 127.0.0.1 search at the same time; the greedy one gets
exactly its allowance although both workers answered it, the polite one every answer.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

LIMIT = 5
GREEDY, POLITE = "127.0.0.2", "127.0.0.1"
SEARCH = "/en/search/?q=radio"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_env(data_dir) -> dict:
    """Point the server at the test's data: a file copy on SQLite, the test database on PostgreSQL."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(data_dir / "memoria.sqlite3")])
        return {"DATABASE_URL": ""}
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return {"DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"}


def _get(source: str, port: int, path: str) -> tuple[int, str | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(source, 0))
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Retry-After")
    finally:
        conn.close()


@pytest.fixture
def server(transactional_db, tmp_path):
    port = _free_port()
    env = {
        **os.environ, **_database_env(tmp_path),
        "MEMORIA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "memoria.settings_test",
        "MEMORIA_RATE_LIMIT_SEARCH": f"{LIMIT}/86400",
        # The worker's pid in each access-log line, to see that both workers answered.
        "GUNICORN_CMD_ARGS": "--access-logformat '%(p)s %(h)s %(s)s'",
    }
    log = tmp_path / "access.log"
    with open(log, "w") as out:
        process = subprocess.Popen([
            sys.executable, "-m", "gunicorn", "memoria.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "4", "--access-logfile", "-",
        ], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(POLITE, port, "/en/")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not start:\n" + log.read_text()
            time.sleep(0.2)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_one_greedy_address_is_limited_across_workers_while_another_is_served(server):
    port, log = server
    greedy, polite = [], []

    def greedy_client():
        # Batches of parallel searches until both workers have answered this address.
        with ThreadPoolExecutor(4) as pool:
            for _batch in range(10):
                greedy.extend(pool.map(lambda _: _get(GREEDY, port, SEARCH), range(4)))
                if len(greedy) >= 2 * LIMIT and len(_workers(log, GREEDY)) >= 2:
                    break

    def polite_client():
        for _ in range(3):
            polite.append(_get(POLITE, port, SEARCH))
            time.sleep(0.05)

    threads = [threading.Thread(target=greedy_client), threading.Thread(target=polite_client)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = [status for status, _ in greedy]
    assert statuses.count(200) == LIMIT, statuses
    assert statuses.count(429) == len(greedy) - LIMIT
    assert all(1 <= int(retry) <= 86400 for status, retry in greedy if status == 429)
    assert len(_workers(log, GREEDY)) == 2, "both workers answered the greedy client"
    assert [status for status, _ in polite] == [200, 200, 200]


def _workers(log, address: str) -> set[str]:
    return {m.group(1) for m in re.finditer(rf"^<(\d+)> {re.escape(address)} \d+$", log.read_text(), re.MULTILINE)}
