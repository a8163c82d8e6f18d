"""The retention clean-up as a job: `memoria worker --beat` sends it daily (MEMORIA_JOBS_SCHEDULE);
`memoria purge-contributions` runs it in the foreground. purge_expired is all-or-nothing per
contribution and finds nothing left to do the second time, so it runs outside the job's
transaction (its files go once each contribution's rows are gone for good)."""

from django.conf import settings

from memoria import jobs

PURGE = "purge-contributions"


@jobs.register(PURGE, atomic=False)
def purge_job(job, progress):
    # Imported here: the services load the upload checks (Pillow, pypdf), which no command needs at start.
    from memoria.contributions.services import purge_expired

    deleted = purge_expired()
    return {"summary": f"Deleted {deleted} file(s) of contributions declined or withdrawn more than "
                       f"{settings.MEMORIA_CONTRIBUTION_RETENTION_DAYS} days ago.", "deleted": deleted}
