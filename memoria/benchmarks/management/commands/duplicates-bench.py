from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.benchmarks import duplicates
from memoria.benchmarks.name_datasets import DEFAULT_DEV
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Measure duplicate finding on SYNTHETIC records built from the development names set: "
            "pair precision and recall at the default threshold, time per 100,000 records; with "
            "--scale N, also load N records into an EMPTY archive (a throwaway MEMORIA_DATA_DIR) "
            "and time `memoria duplicates`' run over it.")

    def add_arguments(self, parser):
        parser.add_argument("--dataset", default=DEFAULT_DEV, help="the names set (group_id, name, tag)")
        parser.add_argument("--people", type=int, default=5000,
                            help="SYNTHETIC people of the quality run (each split into 1-4 records)")
        parser.add_argument("--seed", type=int, default=duplicates.DEFAULT_SEED)
        parser.add_argument("--scale", type=int, default=0,
                            help="records to load for the database run (0: no database run)")
        parser.add_argument("--loaded", action="store_true",
                            help="with --scale: the archive already holds the records of this size and "
                                 "seed (an earlier --scale run loaded them): time the run only")
        parser.add_argument("--folds", type=int, default=0,
                            help="also measure on held-out names: split the names set into this many "
                                 "parts, tune the threshold on the others' records, measure on each "
                                 "part's (0: not)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--out", help="also write the figures to this JSON file")

    def handle(self, *args, dataset, people, seed, scale, folds, loaded, out, **options):
        threshold = settings.MEMORIA_DUPLICATE_MIN_SCORE
        try:
            records = duplicates.build(people, dataset, seed)
        except (OSError, KeyError) as exc:
            raise CommandError(f"cannot read the names set {dataset}: {exc}") from exc
        result = {"dataset": dataset, "seed": seed, "machine": duplicates.machine(),
                  "quality": duplicates.quality(records, threshold)}
        if folds:
            if folds < 2:
                raise CommandError("--folds needs at least 2 parts.")
            try:
                result["held_out"] = duplicates.held_out(dataset, folds, people, seed, threshold)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        if scale:
            # Enough SYNTHETIC people for `scale` records (about two records a person).
            big = duplicates.build(scale // 2 + 1, dataset, seed + 1)[:scale]
            try:
                result["scale"] = duplicates.scale(big, self._bar, loaded)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
        text = duplicates.write(result, out)
        if options["json"]:
            self.stdout.write(text)
        else:
            q = result["quality"]
            self.stdout.write(
                f"{q['records']} SYNTHETIC records of {q['people']} people, {q['true_pairs']} true pairs: "
                f"precision {q['precision']}, recall {q['recall']} at {threshold} "
                f"({q['seconds_per_100k_records']} s per 100,000 records, "
                f"{q['cpu_seconds_per_100k_records']} s of CPU)")
            if folds:
                h = result["held_out"]
                self.stdout.write(f"held-out names ({folds} folds): precision {h['precision']}, "
                                  f"recall {h['recall']} at {threshold}")
            if scale:
                s = result["scale"]
                self.stdout.write(f"database run over {s['records']} records ({s['database']}): "
                                  f"{s['find_seconds']} s to find ({s['find_cpu_seconds']} s of CPU), "
                                  f"{s['store_seconds']} s to store "
                                  f"{s['pairs_found']} pairs, precision {s['precision']}, recall {s['recall']} "
                                  f"(loading took {s['load_seconds']} s)")

    @contextmanager
    def _bar(self, total, what):
        with tqdm(total=total, unit="records" if total else "pairs", desc=what, file=self.stderr._out) as bar:
            yield bar
