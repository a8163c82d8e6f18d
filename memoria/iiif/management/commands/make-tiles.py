from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from memoria.core.commands import CHECKS_WITHOUT_URLS
from memoria.iiif.services import image_count, refresh_all


class Command(BaseCommand):
    requires_system_checks = CHECKS_WITHOUT_URLS
    help = ("(Re)make the deep-zoom (IIIF) tiles of every image; run it after `memoria restore` "
            "or an import of media files.")

    def handle(self, *args, **options):
        with tqdm(total=image_count(), unit="images", disable=options["verbosity"] == 0,
                  file=self.stderr._out) as bar:
            outcome = refresh_all(progress=bar.update)
        for failure in outcome.failed:
            self.stderr.write(failure)
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} image(s) could not be cut into tiles (listed above); "
                               f"{outcome.made} done.")
        self.stdout.write(self.style.SUCCESS(f"Deep-zoom tiles made for {outcome.made} image(s)."))
