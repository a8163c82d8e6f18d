"""`memoria serve`: prepare the data directory and serve the site with gunicorn."""

import os
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the data directory, migrate, load the demo if the archive is empty, and serve with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=None,
                            help="worker processes (default: MEMORIA_SERVER_WORKERS, one per core)")
        parser.add_argument("--threads", type=int, default=None,
                            help="threads per worker (default: MEMORIA_SERVER_THREADS, 4)")
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo exhibition")

    def handle(self, *args, host, port, workers, threads, no_demo, **options):
        from memoria.demo.loader import archive_is_empty, load_demo
        from memoria.public.serving import Server, collect_static_if_changed, migrate_if_needed
        from memoria.ratelimit.counting import purge_ended_windows

        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        migrate_if_needed()
        purge_ended_windows()  # the rate-limit table keeps a row per client: drop the finished ones
        collect_static_if_changed()
        if not no_demo and archive_is_empty():
            counts = load_demo()
            self.stdout.write(f"Loaded the demo exhibition ({counts['created']} records).")

        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"memoria is serving {url}  (data: {settings.DATA_DIR})"))
        if not get_user_model().objects.filter(is_superuser=True).exists():
            env = f"MEMORIA_DATA_DIR={settings.DATA_DIR} " if os.environ.get("MEMORIA_DATA_DIR") else ""
            self.stdout.write(
                "No curator account yet. Create one in another terminal with:\n"
                f"    {env}.venv/bin/memoria createsuperuser\n"
                f"then sign in at {url}admin/"
            )
        sys.stdout.flush()
        Server({
            "bind": f"{host}:{port}",
            "workers": workers or settings.MEMORIA_SERVER_WORKERS,
            "threads": threads or settings.MEMORIA_SERVER_THREADS,
            "accesslog": "-",
            # The longest request line gunicorn allows: a long search reaches memoria, which
            # answers it with a page in the site's design instead of a bare "414".
            "limit_request_line": 8190,
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            # gunicorn's control socket (gunicornc) is one path per user, ~/.gunicorn/gunicorn.ctl: a
            # second server on the machine would take it over. memoria does not use it.
            "control_socket_disable": True,
        }).run()
