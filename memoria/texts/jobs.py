"""Reading a source's text (people, places, units, objects, dates) as a job (memoria.jobs): the
slow part of "New source from a text" and of "Read again" — seconds for a long memoir, on the
2-core servers museums have. In the server by default; in a worker with a broker. The reading
is stored in one transaction (services.rerun_extraction), so a job cut off leaves none."""

from django.utils.translation import gettext as _

from memoria import jobs
from memoria.sources.models import Source
from memoria.texts.models import KINDS

READ_TEXT = "read-text"


@jobs.register(READ_TEXT)
def read_text(job, progress):
    """Params: source (its id)."""
    # Imported here: reading loads the language models' code, which only a reading needs.
    from memoria.texts.services import rerun_extraction

    source = Source.objects.get(pk=job.params["source"])
    progress(0, 1, _("reading the text"))
    extraction = rerun_extraction(source, job.created_by)
    progress(1, 1)
    counts = {kind: len(extraction.result.get(kind, [])) for kind in KINDS}
    return {"summary": _("Read “%(source)s”: %(people)d people, %(places)d places, %(units)d units, "
                         "%(objects)d objects and %(dates)d dates proposed.") % {"source": source, **counts},
            "extraction": extraction.pk}
