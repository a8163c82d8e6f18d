"""Rebuilding both search indexes as a job (the back office's "Rebuild the search indexes";
`memoria reindex` does the same in the foreground). One transaction: a job cut off mid-way changes
nothing. The full-text tables are emptied and their indexes rebuilt in bulk (fulltext.rebuild), so
visitors' searches wait for the commit rather than read a half-built index."""

from memoria import jobs

REINDEX = "reindex"


@jobs.register(REINDEX)
def reindex_job(job, progress):
    # The indexers and the name engine only where the job runs: every command imports this module.
    from memoria.archive.models import Person
    from memoria.search import fulltext, name_index

    records, people = fulltext.count_records(), Person.objects.count()
    progress(0, records + people, "full text")
    documents = fulltext.rebuild(progress=progress.advance)
    progress(records, message="names")
    spellings = name_index.rebuild(progress=progress.advance)
    return {"summary": f"Full-text index rebuilt: {documents} records; name index rebuilt: {spellings} spellings.",
            "documents": documents, "spellings": spellings}
