import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    help = ("Run the jobs sent to the broker MEMORIA_JOBS_BROKER_URL (tiles, imports, duplicate finding, "
            "reindexing, clean-up): a Celery worker on the queue MEMORIA_JOBS_QUEUE. Start as many as the "
            "machines allow; each runs --concurrency jobs at a time.")
    requires_system_checks = CHECKS_WITHOUT_URLS

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=settings.MEMORIA_JOBS_CONCURRENCY,
                            help="jobs run at once by this worker, each in its own process "
                                 "(default: the setting MEMORIA_JOBS_CONCURRENCY, 1)")
        parser.add_argument("--beat", action="store_true",
                            help="also send the periodic jobs (MEMORIA_JOBS_SCHEDULE: the daily clean-up "
                                 "of contributions' files); in ONE worker only, or they run twice")
        parser.add_argument("--load", action="append", default=[], metavar="MODULE",
                            help="import this Python module first, for the job kinds it registers "
                                 "(the tests' own kinds); may be repeated")
        parser.add_argument("--loglevel", default="INFO", help="Celery's log level (default INFO)")

    def handle(self, *args, concurrency, beat, load, loglevel, **options):
        if not settings.MEMORIA_JOBS_BROKER_URL:
            raise CommandError("MEMORIA_JOBS_BROKER_URL is not set: without a broker, jobs run in the server "
                               "that asks for them and no worker is needed (docs/SCALING.md, “Job queue”).")
        if concurrency < 1:
            raise CommandError("--concurrency must be at least 1.")
        for module in load:
            importlib.import_module(module)
        from memoria.jobs.celery_app import current_app

        argv = ["worker", f"--concurrency={concurrency}", f"--queues={settings.MEMORIA_JOBS_QUEUE}",
                f"--loglevel={loglevel}", "--without-gossip", "--without-mingle",
                f"--hostname=memoria-{settings.MEMORIA_JOBS_QUEUE}@%h"]
        if beat:
            argv += ["--beat", f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}"]
        current_app().worker_main(argv)
