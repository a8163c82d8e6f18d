import json
import signal
import sys

from django.core.management.base import BaseCommand, CommandError

from memoria.benchmarks import bench_all, http_load, performance_doc
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    help = ("Every speed figure beside its reference, in one run on a THROWAWAY archive (the demo + "
            "SYNTHETIC people): pages against the static file with wrk, a curator's save under 32 readers, "
            "both searches against the raw engine query, the index load and the import. Writes "
            "bench/results/bench.json and the table of docs/PERFORMANCE.md.")
    requires_system_checks = CHECKS_WITHOUT_URLS

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--size", type=int, default=10_000, help="SYNTHETIC people in the archive")
        parser.add_argument("--seconds", type=float, default=10, help="length of each wrk run")
        parser.add_argument("--out-dir", default="bench/results")
        parser.add_argument("--doc", default=None, help="the document whose table is rewritten "
                            "(docs/PERFORMANCE.md; with --database, docs/SCALING.md)")
        parser.add_argument("--database", metavar="URL", help="run on this PostgreSQL server instead of SQLite "
                            "(e.g. postgres://postgres@127.0.0.1:5432/postgres): throwaway databases "
                            f"{', '.join(bench_all.POSTGRES_DATABASES.values())} are created there and dropped")
        parser.add_argument("--replica", metavar="URL", help="with --database: a streaming hot standby of that "
                            "server (scripts/start-replica), which then answers the visitors' reads")

    def handle(self, *args, size, seconds, out_dir, doc, database, replica, **options):
        if replica and not database:
            raise CommandError("--replica needs --database (the primary it streams from)")
        doc = doc or ("docs/SCALING.md" if database else "docs/PERFORMANCE.md")
        progress = (lambda message: self.stderr.write(message)) if options["verbosity"] else (lambda message: None)
        # Stopped with SIGTERM, the run still stops its servers and deletes its archive.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        try:
            result = bench_all.run(size, seconds, progress, database, replica)
        except http_load.LoadError as exc:
            raise CommandError(str(exc)) from exc
        path = bench_all.write(result, out_dir)
        performance_doc.update(result, doc)
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(performance_doc.table(result))
            self.stdout.write(f"\nfigures in {path}; table in {doc}")
