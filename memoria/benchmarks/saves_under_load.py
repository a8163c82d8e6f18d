"""A curator's save while a crowd reads: PATCH of a person through the REST API, timed.

The saves go one after another, one every INTERVAL seconds (a curator types between saves), each
as a curator's program sends it: GET the record for its ETag, then PATCH with If-Match and the
token. Only the PATCH is timed, from the request sent to the answer read. Meanwhile wrk keeps
`readers` connections reading public pages in turn; the same saves are timed first with no
readers, as the reference.
"""

from __future__ import annotations

import http.client
import json
import signal
import statistics
import subprocess
import time
from pathlib import Path

from memoria.benchmarks import http_load

INTERVAL = 0.5
#: wrk's duration for the readers, stopped earlier once the saves are done.
READERS_AT_MOST = 1800


def _saves(port: int, token: str, person_id: int, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    auth = {"Authorization": f"Bearer {token}"}
    times = []
    for n in range(count):
        connection.request("GET", f"/api/people/{person_id}", headers=auth)
        answer = connection.getresponse()
        answer.read()
        etag = answer.getheader("ETag")
        body = json.dumps({"roles": {"en": f"SYNTHETIC benchmark edit {n}"}})
        t0 = time.perf_counter()
        connection.request("PATCH", f"/api/people/{person_id}", body=body,
                           headers={**auth, "If-Match": etag, "Content-Type": "application/json"})
        answer = connection.getresponse()
        text = answer.read()
        times.append((time.perf_counter() - t0) * 1000)
        if answer.status != 200:
            raise http_load.LoadError(f"the save answered {answer.status}: {text[:300]!r}")
        time.sleep(INTERVAL)
    connection.close()
    return times


def _stats(times: list[float]) -> dict:
    times = sorted(times)
    return {"saves": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1)}


def measure(server: http_load.Server, token: str, person_id: int, reader_paths: list[str],
            readers: int, seconds: float, work_dir: Path) -> dict:
    count = max(10, int(seconds / INTERVAL))
    alone = _stats(_saves(server.port, token, person_id, max(5, count // 2)))
    script = http_load.rotating_script(reader_paths, work_dir / "readers.lua")
    # The readers start first and read until the last save is answered: wrk stops on SIGINT and
    # then prints its figures for the time it ran.
    load = subprocess.Popen(http_load.wrk_command(server.base, readers, READERS_AT_MOST, script),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.perf_counter()
    try:
        time.sleep(2)
        crowded = _stats(_saves(server.port, token, person_id, count))
    finally:
        load.send_signal(signal.SIGINT)
        out, _err = load.communicate()
    reading = http_load.parse_wrk(out, readers, round(time.perf_counter() - started, 1))
    return {
        "alone": alone,
        "with_readers": crowded,
        "readers": {"connections": readers, "paths": reader_paths, "req_s": reading.req_s,
                    "p50_ms": reading.p50_ms, "p99_ms": reading.p99_ms, "non_2xx": reading.non_2xx,
                    "timeouts": reading.timeouts},
        "target_p95_ms": 300,
        "target_met": crowded["p95_ms"] <= 300,
    }
