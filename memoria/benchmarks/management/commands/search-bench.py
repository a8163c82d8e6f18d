import functools

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.benchmarks import fulltext
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Full-text search at scale: fill a THROWAWAY database with synthetic documents "
            "(MEMORIA_DATA_DIR=/tmp/memoria-search-bench) and time the public search.")

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=1_000_000)
        parser.add_argument("--queries", type=int, default=400)
        parser.add_argument("--out", default="bench/results/fulltext-search.json")

    def handle(self, *args, documents, queries, out, **options):
        call_command("migrate", verbosity=0)
        bars = functools.partial(tqdm, file=self.stderr._out, disable=options["verbosity"] == 0)
        try:
            result = fulltext.run(documents, queries, bars)
        except fulltext.BenchError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(fulltext.write(result, out))
