"""The curator's decisions on a contribution: review, accept (as sent or edited), ask for more,
decline with a reason, undo an acceptance.

Every entry point (the back office, the API) calls these. Each checks that the user may change
contributions (curators and administrators; reviewers only see the queue), locks the
contribution so that two curators cannot decide at once, records the change in its history with
the deciding user, and runs in one transaction with everything it makes (acceptance.py). The
contributor is e-mailed (services.notify) once the decision is stored.

    received ─┬─► in review ─┬─► accepted ──(undo)──► in review
              │              ├─► more asked ─► in review …
              └──────────────┴─► declined
    (withdrawn by the visitor while open; declined and withdrawn are final)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from memoria.contributions import acceptance
from memoria.contributions.models import Contribution
from memoria.contributions.services import OPEN, notify
from memoria.contributions.text import plain_text
from memoria.core import services as records

Status = Contribution.Status


def _locked(contribution: Contribution, user, allowed: tuple[str, ...]) -> Contribution:
    """The contribution's row, locked, once the user may decide and its status allows the step."""
    records.require_permission(user, Contribution, "change")
    current = records.locked(Contribution, contribution.pk)
    if current.status not in allowed:
        raise ValidationError(_("This contribution is %(status)s: it cannot be changed so.")
                              % {"status": current.get_status_display().lower()})
    return current


def _decided(contribution: Contribution, user, status: str, message: str = "") -> None:
    contribution.status = status
    contribution.curator_message = message
    contribution.decided_by = user if getattr(user, "pk", None) else None
    contribution.decided_at = timezone.now()
    records.save(contribution, user, clean=False)


def _required(value: str, field: str, message: str) -> str:
    text = plain_text(value or "")
    if not text:
        raise ValidationError({field: message})
    records.refuse_null_characters(text, field)
    return text


@transaction.atomic
def start_review(contribution: Contribution, user) -> Contribution:
    """A curator takes it up: the contributor's status page says "in review"."""
    current = _locked(contribution, user, (Status.RECEIVED, Status.MORE_ASKED))
    current.status = Status.IN_REVIEW
    records.save(current, user, clean=False)
    return current


def accept(contribution: Contribution, user, *, edited: dict | None = None) -> Contribution:
    """Make it part of the archive (see acceptance.py), with the curator's edits of its text,
    corrected value or name (`edited`: text, field, proposed_value, person_name)."""
    with transaction.atomic():
        current = _locked(contribution, user, OPEN)
        current.outcome = acceptance.accept(current, edited, user)
        _decided(current, user, Status.ACCEPTED)
    notify(current, "accepted")
    return current


def decline(contribution: Contribution, user, reason: str) -> Contribution:
    """Refuse it, telling the contributor why; its files are never served and are deleted after the
    retention period (services.purge_expired)."""
    with transaction.atomic():
        current = _locked(contribution, user, OPEN)
        _decided(current, user, Status.DECLINED,
                 _required(reason, "reason", _("Say why it is declined: the contributor reads it.")))
    notify(current, "declined")
    return current


def ask_more(contribution: Contribution, user, message: str) -> Contribution:
    """Ask the contributor for more (a source, a better scan…); it stays open."""
    with transaction.atomic():
        current = _locked(contribution, user, OPEN)
        _decided(current, user, Status.MORE_ASKED,
                 _required(message, "message", _("Say what more you need: the contributor reads it.")))
    notify(current, "more_asked")
    return current


@transaction.atomic
def undo_acceptance(contribution: Contribution, user) -> Contribution:
    """Take back exactly what acceptance made; the contribution is in review again."""
    current = _locked(contribution, user, (Status.ACCEPTED,))
    acceptance.undo(current, user)
    current.status = Status.IN_REVIEW
    current.outcome = {}
    current.decided_by = None
    current.decided_at = None
    records.save(current, user, clean=False)
    return current
