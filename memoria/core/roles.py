"""Roles are groups: administrator, curator, reviewer.

- administrator: everything, including user accounts;
- curator: adds, edits and deletes every archive and exhibition record;
- reviewer: reads every record (published or not) in the back office, edits nothing.
Candidate duplicate pairs (app "duplicates"): reviewers see the queue, curators decide (change).
Jobs (app "jobs"): reviewers see them, curators and administrators retry failed ones (change).
Visitors are anonymous and see only published records on the public site.
"""

from django.contrib.auth.models import Group, Permission

# Family contributions and texts too: curators decide on them, reviewers see them.
ARCHIVE_APPS = ["sources", "archive", "exhibitions", "contributions", "texts"]
DUPLICATES_APP = "duplicates"
JOBS_APP = "jobs"
ADMINISTRATOR, CURATOR, REVIEWER = "administrator", "curator", "reviewer"


def ensure_roles(**kwargs) -> None:
    """Create or refresh the three groups; runs after every migrate."""
    archive_perms = Permission.objects.filter(content_type__app_label__in=ARCHIVE_APPS)
    view_perms = archive_perms.filter(codename__startswith="view_")
    account_perms = Permission.objects.filter(content_type__app_label="auth")
    pair_perms = Permission.objects.filter(content_type__app_label=DUPLICATES_APP)
    pair_view = list(pair_perms.filter(codename__startswith="view_"))
    pair_decide = pair_view + list(pair_perms.filter(codename__startswith="change_"))
    job_perms = Permission.objects.filter(content_type__app_label=JOBS_APP)
    job_view = list(job_perms.filter(codename__startswith="view_"))
    job_retry = job_view + list(job_perms.filter(codename__startswith="change_"))

    Group.objects.get_or_create(name=ADMINISTRATOR)[0].permissions.set(
        list(archive_perms) + list(account_perms) + pair_decide + job_retry
    )
    Group.objects.get_or_create(name=CURATOR)[0].permissions.set(list(archive_perms) + pair_decide + job_retry)
    Group.objects.get_or_create(name=REVIEWER)[0].permissions.set(list(view_perms) + pair_view + job_view)
