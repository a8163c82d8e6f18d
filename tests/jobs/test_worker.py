"""Jobs through a real broker and a real `memoria worker` process (Celery).

MEMORIA_TEST_BROKER_URL names the broker (.ci/run: RabbitMQ at amqp://guest:guest@127.0.0.1:5672//);
without it these tests are skipped. Each test run uses a queue of its own, so that runs sharing the
broker never take each other's jobs. The worker is another process, so the data must be committed:
transactional tests, on a database the worker opens too (PostgreSQL, or on SQLite the file
settings_test.py gives the test database when this variable is set).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from memoria import jobs
from memoria.archive.models import Person
from memoria.jobs.models import Job
from memoria.sources.models import Source
from tests.imports.conftest import PEOPLE_HEADER, csv_bytes, person_row
from tests.jobs import kinds

BROKER_URL = os.environ.get("MEMORIA_TEST_BROKER_URL", "")
REPOSITORY = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 120  # a bound on waiting for the worker, never a measurement

pytestmark = [
    pytest.mark.skipif(not BROKER_URL, reason="set MEMORIA_TEST_BROKER_URL to a broker (e.g. RabbitMQ at "
                                              "amqp://guest:guest@127.0.0.1:5672//) to test the job queue"),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue(settings):
    """This test's own queue on the broker (Celery declares an exchange of the same name), deleted
    afterwards."""
    name = f"memoria-test-{uuid.uuid4().hex[:12]}"
    settings.MEMORIA_JOBS_BROKER_URL, settings.MEMORIA_JOBS_QUEUE = BROKER_URL, name
    settings.MEMORIA_JOBS_RETRY_SECONDS = 0.2
    yield name
    from memoria.jobs.celery_app import current_app

    with current_app().connection_for_write() as broker:  # the queue and its exchange, both named so
        broker.default_channel.queue_delete(name)
        broker.default_channel.exchange_delete(name)


class Workers:
    """`memoria worker` processes on the test's queue and database, each in its own process group."""

    def __init__(self, queue: str, log_dir: Path):
        self.queue, self.log_dir, self.running = queue, log_dir, []

    def start(self) -> subprocess.Popen:
        env = {key: value for key, value in os.environ.items()
               if key not in ("DATABASE_REPLICA_URLS", "MEMORIA_S3_BUCKET", "MEMORIA_CACHE_URL")}
        env.update(DJANGO_SETTINGS_MODULE="memoria.settings", DATABASE_URL=database_url(),
                   MEMORIA_DATA_DIR=str(django_settings.DATA_DIR), MEMORIA_JOBS_BROKER_URL=BROKER_URL,
                   MEMORIA_JOBS_QUEUE=self.queue, MEMORIA_JOBS_RETRY_SECONDS="0.2",
                   PYTHONPATH=os.pathsep.join([str(REPOSITORY), env.get("PYTHONPATH", "")]))
        log = (self.log_dir / f"worker-{len(self.running) + 1}.log").open("wb")
        process = subprocess.Popen([sys.executable, "-m", "memoria", "worker", "--load", "tests.jobs.kinds"],
                                   env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append(process)
        return process

    def kill(self, process) -> None:
        """SIGKILL to the worker and its pool: nothing runs any clean-up, as when a machine dies."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                self.kill(process)

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.log_dir.glob("worker-*.log")))


@pytest.fixture
def workers(queue, tmp_path):
    started = Workers(queue, tmp_path)
    yield started
    started.stop_all()


def wait_until(condition, what: str, workers: Workers):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {WAIT_SECONDS} s for {what}; the worker said:\n{workers.log()[-4000:]}")
        time.sleep(0.2)


def job_status(job_id: int) -> str:
    return Job.objects.get(pk=job_id).status


def test_an_import_confirmed_in_the_admin_runs_in_the_worker(workers, curator):
    browser = Client()
    browser.force_login(curator)
    sheet = SimpleUploadedFile("people.csv", csv_bytes(PEOPLE_HEADER, [person_row(n) for n in range(1, 21)]),
                               content_type="text/csv")
    dry = browser.post("/admin/import/", {"file": sheet, "kind": "", "mode": "all"})
    done = browser.post("/admin/import/", {"token": dry.context["token"], "mode": "all"})
    job = Job.objects.get(kind="import")
    assert done["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    # Nothing runs in the server: the job waits for a worker, and its page says so and refreshes.
    waiting = browser.get(done["Location"]).content.decode()
    assert "queued" in waiting and 'http-equiv="refresh"' in waiting
    assert not Person.objects.exists()

    workers.start()
    wait_until(lambda: job_status(job.pk) == "succeeded", "the import job", workers)
    assert Person.objects.count() == 20
    assert Person.objects.first().history.first().history_user == curator
    page = browser.get(done["Location"]).content.decode()
    assert "Imported: 20 created, 0 updated, 0 unchanged, 0 rejected." in page
    assert 'http-equiv="refresh"' not in page


def test_a_text_pasted_in_the_admin_is_read_in_the_worker(workers, curator):
    from memoria.texts.models import TextExtraction
    from tests.texts.test_review import article, paste

    browser = Client()
    browser.force_login(curator)
    pasted = paste(browser, article())
    job = Job.objects.get(kind="read-text")
    assert pasted["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    source = Source.objects.get(title_en="Exhibition article (test)")
    assert source.text == article() and not TextExtraction.objects.exists()  # stored; read by the worker

    workers.start()
    wait_until(lambda: job_status(job.pk) == "succeeded", "the reading job", workers)
    reading = TextExtraction.objects.get(source=source)
    assert "Kabysh Omarov" in [p["name"] for p in reading.result["people"]]
    page = browser.get(pasted["Location"]).content.decode()
    assert f'href="/admin/texts/textextraction/{reading.pk}/change/"' in page and "people" in page


def test_a_failing_job_is_retried_to_its_limit_then_shown_failed(workers, curator):
    workers.start()
    job = jobs.enqueue(kinds.ALWAYS_FAIL, {})
    wait_until(lambda: job_status(job.pk) == "failed", "the job to fail for good", workers)
    job.refresh_from_db()
    assert job.attempts == job.max_attempts == 3
    assert not Source.objects.exists()  # each attempt's writes were rolled back
    browser = Client()
    browser.force_login(curator)
    page = browser.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()
    assert "RuntimeError: a synthetic failure, as the tests ask" in page and "3 / 3" in page
    assert f"job {job.pk} ({kinds.ALWAYS_FAIL}) failed after 3 attempt(s)" in workers.log()


def test_a_worker_killed_mid_job_leaves_nothing_and_the_next_worker_runs_it_again(workers, curator, tmp_path):
    started, gate = tmp_path / "started", tmp_path / "gate"
    browser = Client()
    browser.force_login(curator)  # (before the job: on SQLite its open transaction holds the write lock)
    first = workers.start()
    job = jobs.enqueue(kinds.WRITE_THEN_WAIT, {"started": str(started), "gate": str(gate)}, user=curator)
    wait_until(started.exists, "the job to write its sources", workers)
    # Mid-job: the sources are written in the job's open transaction; the back office shows its progress.
    running = browser.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()
    assert "running" in running and f'<progress value="{kinds.SOURCES}" max="{kinds.SOURCES}">' in running
    assert 'http-equiv="refresh"' in running
    assert not Source.objects.exists()

    workers.kill(first)
    assert not Source.objects.exists()          # nothing half-written
    assert job_status(job.pk) == "running"      # cut off: its message is back with the broker

    gate.touch()
    workers.start()
    wait_until(lambda: job_status(job.pk) == "succeeded", "a new worker to finish the job", workers)
    job.refresh_from_db()
    assert job.attempts == 2 and started.read_text() == "2"
    assert Source.objects.count() == kinds.SOURCES  # once, from the second attempt
    assert f"{kinds.SOURCES} synthetic sources written" in browser.get(
        f"/admin/jobs/job/{job.pk}/change/").content.decode()
