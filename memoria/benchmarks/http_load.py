"""HTTP load for `memoria bench`: `memoria serve` as a subprocess on a free port, and wrk against it.

wrk (Debian's package `wrk`) is a closed-loop load generator: each of its connections sends the next
request as soon as the answer arrives, so c=32 is 32 visitors who never pause — more than 32 people.
Its figures: requests per second over the run, and the latency distribution (p50, p99) measured by
wrk itself. Requests slower than wrk's timeout are counted apart, not in the latency, so the timeout
is set well above the 1 s the p99 target allows.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

WRK_TIMEOUT = "10s"


class LoadError(RuntimeError):
    """Why the load could not be run (no wrk, the server did not start)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`memoria serve --no-demo` on the data directory `env` names, until stop()."""

    def __init__(self, env: dict, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        # Its own process group: gunicorn's workers stop with it.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "memoria", "serve", "--no-demo", "--port", str(self.port)],
            env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, path: str, seconds: float = 180) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LoadError(f"memoria serve stopped (exit {self.process.returncode}); see {self.log}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=30) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise LoadError(f"memoria serve did not answer {path} within {seconds:.0f} s; see {self.log}")

    def cpu_seconds(self) -> float | None:
        """The CPU time (user + system) the server's processes — gunicorn's master and workers, its
        process group — have used so far; None without /proc (not Linux).

        On a shared, noisy machine, requests per second swing with what else runs; the CPU a
        request costs the server changes far less, so the bench reports both."""
        try:
            entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
        except FileNotFoundError:
            return None
        ticks = 0
        for entry in entries:
            try:
                # After the command's closing parenthesis: state, ppid, pgrp, ... utime (12th), stime.
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # a process that ended meanwhile
                continue
            if int(fields[2]) == self.process.pid:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


@dataclass
class LoadResult:
    connections: int
    seconds: float
    requests: int
    req_s: float
    p50_ms: float | None  # None: no request finished within the run
    p99_ms: float | None
    non_2xx: int
    timeouts: int
    server_cpu_ms: float | None = None  # the server's CPU time per request (Server.cpu_seconds)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return round(float(number) * _UNITS[unit], 2)


def parse_wrk(output: str, connections: int, seconds: float) -> LoadResult:
    def found(pattern, default=None):
        match = re.search(pattern, output)
        if match is None and default is None:
            raise LoadError(f"unexpected wrk output:\n{output}")
        return match.group(1) if match else default

    requests = int(found(r"(\d+) requests in"))
    return LoadResult(
        connections=connections, seconds=seconds, requests=requests,
        req_s=round(float(found(r"Requests/sec:\s+([\d.]+)")), 1),
        p50_ms=_ms(found(r"\n\s+50%\s+(\S+)")) if requests else None,
        p99_ms=_ms(found(r"\n\s+99%\s+(\S+)")) if requests else None,
        non_2xx=int(found(r"Non-2xx or 3xx responses:\s+(\d+)", "0")),
        timeouts=int(found(r"timeout (\d+)", "0")),
    )


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise LoadError("wrk is not installed: apt-get install wrk (Debian's package)")
    return path


def wrk_command(url: str, connections: int, seconds: float, script: Path | None = None) -> list[str]:
    threads = min(2, connections)
    command = [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency",
               "--timeout", WRK_TIMEOUT]
    if script is not None:
        command += ["-s", str(script)]
    return command + [url]


def wrk(url: str, connections: int, seconds: float, server: Server | None = None) -> LoadResult:
    """wrk's figures; with the `server` that answers, also its CPU time per request."""
    before = server.cpu_seconds() if server else None
    done = subprocess.run(wrk_command(url, connections, seconds), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise LoadError(f"wrk failed on {url}: {done.stderr or done.stdout}")
    result = parse_wrk(done.stdout, connections, seconds)
    after = server.cpu_seconds() if server else None
    if before is not None and after is not None and result.requests:
        result.server_cpu_ms = round((after - before) / result.requests * 1000, 3)
    return result


def rotating_script(paths: list[str], path: Path) -> Path:
    """A wrk script whose connections take turns over `paths` (a crowd reading several pages)."""
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    path.write_text(
        f"local paths = {{{quoted}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n",
        encoding="utf-8")
    return path


def as_dict(result: LoadResult) -> dict:
    return asdict(result)
