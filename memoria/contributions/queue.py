"""The moderation queue's reads for the API: contributions newest first, for users who may see
them (curators, administrators, reviewers — the view permission); a fixed number of queries per
page (the files and the records they are about are fetched once for the page)."""

from memoria.contributions.models import Contribution
from memoria.core import services as records
from memoria.core.errors import NotFound


def _visible_to(user):
    records.require_permission(user, Contribution, "view")
    return Contribution.objects.prefetch_related("files", "subject").order_by("-created_at", "-pk")


def contribution_queue(user, *, status: str | None = None, kind: str | None = None):
    found = _visible_to(user)
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    return found


def contribution_for(pk: int, user) -> Contribution:
    found = _visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No contribution with id {pk}.")
    return found
