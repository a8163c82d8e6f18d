from django.core.management.base import BaseCommand

from memoria.benchmarks import imports
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Import benchmark on SYNTHETIC data in a throwaway SQLite archive (never the real one); "
            "writes rows/min to bench/results/import.json, or with --memory the import's peak memory "
            "to bench/results/import-memory.json.")

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--items", type=int, default=20_000)
        parser.add_argument("--out", default=None)
        parser.add_argument("--memory", action="store_true",
                            help="measure the peak memory of importing --people rows instead")
        parser.add_argument("--baseline", help="with --memory: also measure the code in this directory "
                                               "(e.g. a `git archive` of the previous commit)")

    def handle(self, *args, **options):
        if options["memory"]:
            imports.write(imports.memory(options["people"], options["baseline"]),
                          options["out"] or "bench/results/import-memory.json")
        else:
            imports.write(imports.run(options["people"], options["items"]), options["out"] or "bench/results/import.json")
