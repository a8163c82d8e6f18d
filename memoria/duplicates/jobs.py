"""Finding duplicates over the whole archive as a job (the review queue's "Find duplicates";
`memoria duplicates` does the same in the foreground). The pairs are stored in one
transaction at the end, so a job cut off mid-way leaves the queue as it was."""

from memoria import jobs

FIND_DUPLICATES = "find-duplicates"


@jobs.register(FIND_DUPLICATES)
def find_duplicates_job(job, progress):
    from memoria.duplicates import finding  # numpy and the scorer: only where the job runs (start-up)

    min_score = finding.min_score_setting()
    progress(0, finding.active_people().count(), "people read")
    found = finding.find_candidates(min_score=min_score, progress=progress.advance)
    counts = finding.store_candidates(found)
    counts |= finding.refresh_stale(found, min_score)  # as `memoria duplicates` does
    return {"summary": f"{len(found)} pair(s) from {min_score:.2f}: {counts['created']} new, {counts['updated']} updated, "
                       f"{counts['kept_decided']} already decided, {counts['dropped']} dropped (no longer alike, "
                       f"or merged), {counts['rescored']} scored again.", **counts}
