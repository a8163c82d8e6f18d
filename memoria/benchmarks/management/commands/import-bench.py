from django.core.management.base import BaseCommand

from memoria.benchmarks import imports


class Command(BaseCommand):
    help = ("Import benchmark on SYNTHETIC data in a throwaway SQLite archive (never the real one); "
            "writes rows/min to bench/results/import.json.")

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--items", type=int, default=20_000)
        parser.add_argument("--out", default="bench/results/import.json")

    def handle(self, *args, **options):
        imports.write(imports.run(options["people"], options["items"]), options["out"])
