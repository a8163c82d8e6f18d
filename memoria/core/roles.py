"""Roles are groups: administrator, curator, reviewer.

- administrator: everything, including user accounts;
- curator: adds, edits and deletes every archive and exhibition record;
- reviewer: reads every record (published or not) in the back office, edits nothing.
Visitors are anonymous and see only published records on the public site.
"""

from django.contrib.auth.models import Group, Permission

# Family contributions and texts too: curators decide on them, reviewers see them.
ARCHIVE_APPS = ["sources", "archive", "exhibitions", "contributions", "texts"]
ADMINISTRATOR, CURATOR, REVIEWER = "administrator", "curator", "reviewer"


def ensure_roles(**kwargs) -> None:
    """Create or refresh the three groups; runs after every migrate."""
    archive_perms = Permission.objects.filter(content_type__app_label__in=ARCHIVE_APPS)
    view_perms = archive_perms.filter(codename__startswith="view_")
    account_perms = Permission.objects.filter(content_type__app_label="auth")

    Group.objects.get_or_create(name=ADMINISTRATOR)[0].permissions.set(
        list(archive_perms) + list(account_perms)
    )
    Group.objects.get_or_create(name=CURATOR)[0].permissions.set(archive_perms)
    Group.objects.get_or_create(name=REVIEWER)[0].permissions.set(view_perms)
