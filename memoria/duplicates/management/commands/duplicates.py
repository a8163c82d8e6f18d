import json

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.duplicates import finding
from memoria.duplicates.candidates import BLOCK_WINDOW, MAX_BLOCK, BlockingStats


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Find people who may be recorded twice, over the whole archive: store them for the "
            "back office's review queue and list them, best first. Pairs a curator decided "
            "(different people, merged) are never proposed again.")

    def add_arguments(self, parser):
        parser.add_argument("--min-score", type=float, default=None,
                            help="list pairs from this score on, 0 to 1 "
                                 "(default: the setting MEMORIA_DUPLICATE_MIN_SCORE)")
        parser.add_argument("--json", action="store_true", help="print the pairs as JSON")

    def handle(self, *args, min_score, **options):
        if min_score is None:
            min_score = finding.min_score_setting()
        if not 0.0 <= min_score <= 1.0:
            raise CommandError(f"--min-score must lie between 0 and 1, not {min_score}.")
        stats = BlockingStats()
        total = finding.active_people().count()
        quiet = options["verbosity"] == 0
        with tqdm(total=total, unit="people", desc="reading", file=self.stderr._out, disable=quiet) as read, \
                tqdm(unit="pairs", desc="scoring", file=self.stderr._out, disable=quiet) as scored:
            found = finding.find_candidates(min_score=min_score, progress=read.update,
                                            scored=scored.update, stats=stats)
        counts = finding.store_candidates(found)
        counts |= finding.refresh_stale(found, min_score)
        pairs = list(finding.proposed(min_score))
        self.stderr.write(
            f"{stats.people} people, {stats.pairs} pairs scored in {stats.blocks} blocks "
            f"({stats.oversized_blocks} blocks of more than {MAX_BLOCK} people split by their other "
            f"names, those with an initial only compared with {BLOCK_WINDOW} neighbours by birth year; "
            f"{stats.pairs_ruled_out} ruled out by their "
            f"dates, places, sex or units before the names); {counts['created']} new pairs, "
            f"{counts['updated']} updated, {counts['kept_decided']} already decided, "
            f"{counts['dropped']} dropped (no longer alike, or merged), {counts['rescored']} scored again; "
            f"{len(pairs)} to review from {min_score:.2f}.")
        if options["json"]:
            self.stdout.write(_as_json(pairs))
            return
        for pair in pairs:
            unsure = f"  [{pair.get_status_display()}]" if pair.status != pair.Status.OPEN else ""
            self.stdout.write(f"{pair.score:.2f}  #{pair.person_a_id} {pair.person_a}  ~  "
                              f"#{pair.person_b_id} {pair.person_b}{unsure}")
            for reason in pair.reasons:
                self.stdout.write(f"      {reason}")


def _person(person) -> dict:
    return {"id": person.pk, "external_id": person.external_id}


def _as_json(pairs) -> str:
    return json.dumps({"pairs": [
        {"a": _person(p.person_a), "b": _person(p.person_b), "score": p.score, "reasons": p.reasons}
        for p in pairs]}, ensure_ascii=False, indent=2)
