"""memoria starts without loading what it does not use, and `memoria serve` restarts warm (issue #17).

The command tests run a real `memoria` process with `python -X importtime`, which names every module
the process imported, and look for the heavy libraries: the API's django-ninja and pydantic, the
text readers and language models, the image, PDF and spreadsheet libraries, the label renderers,
the S3 client. The server tests start `memoria serve` on loopback.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings
from django.test import override_settings

from memoria.public.serving import collect_static_if_changed

HEAVY = {
    "ninja", "pydantic", "spacy", "natasha", "dateparser", "boto3", "botocore", "storages", "pyvips",
    "reportlab", "segno", "openpyxl", "lxml", "iiif_prezi3", "pypdf", "docx", "PIL", "edtf",
}


def _env(data_dir, **extra) -> dict:
    env = {**os.environ, "MEMORIA_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "memoria.settings", **extra}
    for name in ("DATABASE_URL", "DATABASE_REPLICA_URLS", "MEMORIA_CACHE_URL", "MEMORIA_S3_BUCKET",
                 "MEMORIA_SERVER_WORKERS", "MEMORIA_SERVER_THREADS", "WEB_CONCURRENCY"):
        if name not in extra:
            env.pop(name, None)
    return env


def _run(data_dir, *argv, **extra) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run Python with `argv`; its result and the modules it imported."""
    result = subprocess.run([sys.executable, "-X", "importtime", *argv], env=_env(data_dir, **extra),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    return result, modules


def _heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in HEAVY}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("startup")
    _run(data_dir, "-m", "memoria", "migrate", "--verbosity", "0")
    return data_dir


def test_django_setup_loads_no_heavy_library(tmp_path):
    _, modules = _run(tmp_path, "-c", "import django; django.setup()")

    assert _heavy(modules) == set()
    assert "memoria.backoffice.admin" not in modules  # the admin modules come with the URLconf


def test_memoria_help_lists_the_commands_without_loading_them(tmp_path):
    result, modules = _run(tmp_path, "-m", "memoria", "--help")

    assert "serve" in result.stdout and "duplicates" in result.stdout and "export-csv" in result.stdout
    assert _heavy(modules) == set()
    assert not any(name.startswith("memoria.api") for name in modules)


def test_a_command_on_records_does_not_load_the_api_or_the_admin(migrated):
    result, modules = _run(migrated, "-m", "memoria", "duplicates", "--json")

    assert json.loads(result.stdout)["pairs"] == []
    # Pillow only: Django's model checks make sure it is there for the image fields.
    assert {name.split(".")[0] for name in _heavy(modules)} <= {"PIL"}
    assert "memoria.urls" not in modules and "memoria.backoffice.admin" not in modules


def test_memoria_check_still_checks_every_admin_module(tmp_path):
    result, modules = _run(tmp_path, "-m", "memoria", "check", "--tag", "admin")

    assert "no issues" in result.stdout
    assert {"memoria.backoffice.admin.archive", "memoria.backoffice.admin.texts"} <= modules


def test_the_default_server_size_follows_the_machine(tmp_path):
    show = "from django.conf import settings; print(settings.MEMORIA_SERVER_WORKERS, settings.MEMORIA_SERVER_THREADS)"

    default, _ = _run(tmp_path, "-c", show)
    chosen, _ = _run(tmp_path, "-c", show, MEMORIA_SERVER_WORKERS="3", MEMORIA_SERVER_THREADS="2")

    assert default.stdout.split() == [str(len(os.sched_getaffinity(0))), "4"]
    assert chosen.stdout.split() == ["3", "2"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_once(data_dir, **extra) -> str:
    """Start `memoria serve`, wait for the home page, stop it; what it printed."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "memoria", "serve", "--no-demo", "--port", str(port)],
        env=_env(data_dir, **extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=30) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "memoria serve did not answer"
                time.sleep(0.1)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=120)
    return output


def test_serve_answers_with_the_workers_and_threads_asked_for_and_restarts_warm(migrated):
    first = _serve_once(migrated, MEMORIA_SERVER_WORKERS="2", MEMORIA_SERVER_THREADS="3")
    manifest = migrated / "static" / "staticfiles.json"
    collected_at = manifest.stat().st_mtime_ns
    second = _serve_once(migrated, MEMORIA_SERVER_WORKERS="1")

    assert first.count("Booting worker") == 2 and "Using worker: gthread" in first
    assert second.count("Booting worker") == 1
    assert manifest.stat().st_mtime_ns == collected_at  # nothing changed: the static files were not collected again


@pytest.fixture
def static_sources(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "extra.css").write_text("body { color: black }")
    with override_settings(STATICFILES_DIRS=[sources], STATIC_ROOT=tmp_path / "static",
                           STORAGES={**settings.STORAGES, "staticfiles": {
                               "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
        yield sources, tmp_path / "static"


def _edit_later(path, text):
    """Change a file as an edit a while after the last collection would (collectstatic copies a
    file only when it is newer than its copy, to the second)."""
    path.write_text(text)
    later = time.time() + 5
    os.utime(path, (later, later))


def test_static_files_are_collected_again_only_when_one_changed(static_sources):
    sources, collected = static_sources

    assert collect_static_if_changed() is True
    assert collect_static_if_changed() is False
    _edit_later(sources / "extra.css", "body { color: darkred }")
    assert collect_static_if_changed() is True
    assert (collected / "extra.css").read_text() == "body { color: darkred }"
    (sources / "more.css").write_text("p { margin: 0 }")
    assert collect_static_if_changed() is True
    assert (collected / "more.css").exists()


def test_static_files_are_collected_again_when_the_collected_ones_are_gone(static_sources):
    _, collected = static_sources
    collect_static_if_changed()
    for path in sorted(collected.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    collected.rmdir()

    assert collect_static_if_changed() is True
    assert (collected / "extra.css").exists()
