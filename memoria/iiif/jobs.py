"""The deep-zoom tiles of an uploaded image, made by a job (memoria.jobs): in the server that
stored the upload by default, in a worker with a broker. `memoria make-tiles` remakes them all."""

from memoria import jobs
from memoria.archive.models import Media
from memoria.iiif.services import refresh_tiles

TILES = "iiif-tiles"


@jobs.register(TILES)
def make_tiles_job(job, progress):
    """Tiles are staged beside their place and swapped in whole (tiles.make_tiles): a job cut off
    mid-way leaves the previous tiles, or none, never a part of a pyramid. A failure (libvips
    cannot read the image, the original is missing) fails the job, which reports it; the upload
    itself stays, and the item page shows the still image."""
    media = Media.objects.filter(pk=job.params["media"]).first()
    if media is None:
        return {"summary": f"media {job.params['media']} was deleted before its tiles were made"}
    progress(0, 1, str(media.file.name))
    identifier = refresh_tiles(media)
    progress(1, 1)
    return {"summary": f"tiles of media {media.pk}: {identifier}" if identifier
            else f"media {media.pk} is not an image: no tiles", "identifier": identifier}
