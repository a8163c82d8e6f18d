from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.archive.services import media_make_public_copies, media_needing_public_copy
from memoria.core.commands import CHECKS_WITHOUT_URLS


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("Make the public copy (without GPS, serial numbers, names, comments) of every stored file "
            "that has none: files uploaded before public copies existed, or restored from an older backup. "
            "Until then their originals are not offered to visitors.")

    def add_arguments(self, parser):
        parser.add_argument("--again", action="store_true", help="Make every file's public copy anew.")

    def handle(self, *args, again=False, **options):
        total = media_needing_public_copy(again=again).count()
        with tqdm(total=total, unit="files", disable=options["verbosity"] == 0, file=self.stderr._out) as bar:
            failed = media_make_public_copies(again=again, progress=bar.update)
        for failure in failed:
            self.stderr.write(failure)
        if failed:
            raise CommandError(f"{len(failed)} file(s) have no public copy (listed above); "
                               f"{total - len(failed)} done.")
        self.stdout.write(self.style.SUCCESS(f"Public copies made for {total} file(s)."))
