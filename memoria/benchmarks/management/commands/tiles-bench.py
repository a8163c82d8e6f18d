import json
from pathlib import Path

from django.core.management.base import BaseCommand

from memoria.benchmarks import tiles
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Time the deep-zoom tiles of a SYNTHETIC 6000 × 4000 scan (target ≤ 2 s) and write "
            "bench/results/tiles.json.")

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--width", type=int, default=6000)
        parser.add_argument("--height", type=int, default=4000)
        parser.add_argument("--out", default="bench/results/tiles.json")

    def handle(self, *args, runs, width, height, out, **options):
        result = tiles.run(width, height, runs)
        tiles.write(result, Path(out))
        self.stdout.write(json.dumps(result, indent=2))
