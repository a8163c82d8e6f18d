"""What the contributor's status page reads: their contribution, its files' names, and the page it
was sent from if that page is still public (a fixed number of queries)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils.text import capfirst

from memoria.contributions.models import Contribution, ContributionFile
from memoria.contributions.services import OPEN, by_token
from memoria.contributions.subjects import title_of
from memoria.core.visibility import is_public


@dataclass(frozen=True)
class StatusPage:
    contribution: Contribution
    files: list
    subject: object          # the person or item, when a visitor may still see it; else None
    subject_title: str
    field_label: str         # a correction's fact, as its page names it
    can_withdraw: bool
    retention_days: int


def status_page(token: str) -> StatusPage:
    found = by_token(token)       # NotFound for any other string
    contribution = (Contribution.objects.select_related("subject_type")
                    .prefetch_related(Prefetch("files", ContributionFile.objects.only(
                        "pk", "contribution_id", "original_name", "size")))
                    .get(pk=found.pk))
    subject = contribution.subject if contribution.subject_type_id else None
    if not is_public(subject):
        subject = None
    field_label = contribution.field
    if subject is not None and contribution.field:
        field_label = capfirst(type(subject)._meta.get_field(contribution.field).verbose_name)
    return StatusPage(contribution, list(contribution.files.all()), subject,
                      title_of(subject) if subject is not None else "", field_label,
                      contribution.status in OPEN, settings.MEMORIA_CONTRIBUTION_RETENTION_DAYS)
