"""The visitor's actions on a contribution: send it, follow it by its secret link, withdraw it;
and the housekeeping: e-mails to the contributor and the deletion of refused files.

A visitor acts anonymously: the secret status token is their only key. It is shown once, e-mailed,
and never stored (only its sha256). The curator's decisions are in moderation.py.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from memoria.archive.media import inspect_upload
from memoria.contributions.errors import Refused
from memoria.contributions.forms import ContributionForm
from memoria.contributions.models import Contribution, ContributionFile
from memoria.contributions.subjects import public_subject, subject_type_of
from memoria.contributions.timing import is_stale
from memoria.core.errors import NotFound
from memoria.core.uploads import megabytes
from memoria.ratelimit.counting import Limit, store

log = logging.getLogger(__name__)

#: What visitors may send: photographs and scans (the curator uploads' checks decide what a file is).
ACCEPTED_TYPES = {"image/jpeg", "image/png", "image/tiff", "application/pdf"}
#: Still open: the visitor may withdraw, the curator has not decided.
OPEN = (Contribution.Status.RECEIVED, Contribution.Status.IN_REVIEW, Contribution.Status.MORE_ASKED)
#: Decided against: files deleted after the retention period, never served meanwhile.
CLOSED = (Contribution.Status.DECLINED, Contribution.Status.WITHDRAWN)
EVENTS = ("received", "accepted", "declined", "more_asked")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- refusals before anything is looked at -------------------------------------------------


def _limit() -> Limit | None:
    return Limit.parse(settings.MEMORIA_CONTRIBUTION_RATE_LIMIT, "MEMORIA_RATE_LIMIT_CONTRIBUTIONS")


def _wait(seconds: int) -> str:
    if seconds < 120:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def _count(bucket: str, code: str, message: str) -> None:
    """Count one submission in `bucket` (shared by every server worker); Refused over the limit."""
    limit = _limit()
    if limit is None:
        return
    now = time.time()
    hit = store().hit(bucket, limit.seconds, now)
    if hit.count > limit.requests:
        wait = hit.retry_after(now)
        raise Refused(code, message % {"wait": _wait(wait)}, retry_after=wait)


def _check_robot(started_at: float | None, honeypot: str) -> None:
    if honeypot and honeypot.strip():
        raise Refused("honeypot", _(
            "Your contribution was not accepted: a field that people do not see was filled in, as "
            "automatic programs do. If you are a person, please reload the page and send it again "
            "without filling in the field “Leave this field empty”."))
    if started_at is None:  # not sent from a form (the API)
        return
    now = time.time()
    if is_stale(started_at, now):
        raise Refused("expired", _(
            "The form was too old or incomplete. Please reload the page and send your contribution again; "
            "what you wrote is kept below."))
    if now - started_at < settings.MEMORIA_CONTRIBUTION_MIN_SECONDS:
        raise Refused("too_fast", _(
            "The form was sent faster than a person can fill it in, so it was taken for an automatic "
            "program. Please check what you wrote and send it again."))


# --- files --------------------------------------------------------------------------------


def _checked_files(files) -> list[tuple[object, str]]:
    """(file, content type) of each upload; ValidationError on "files" naming the file and why."""
    most, largest = settings.MEMORIA_CONTRIBUTION_MAX_FILES, settings.MEMORIA_CONTRIBUTION_MAX_FILE_BYTES
    if len(files) > most:
        raise ValidationError({"files": ngettext(
            "You sent %(count)d files; at most %(most)d file can be sent at once.",
            "You sent %(count)d files; at most %(most)d files can be sent at once.", most)
            % {"count": len(files), "most": most}})
    checked, errors = [], []
    for uploaded in files:
        name = uploaded.name or _("the file")
        if uploaded.size > largest:
            errors.append(_("“%(name)s” is %(size)s MB; a file may be at most %(limit)s MB.") % {
                "name": name, "size": megabytes(uploaded.size), "limit": megabytes(largest)})
            continue
        try:
            content_type = inspect_upload(uploaded).content_type
        except ValidationError as error:
            errors.append(_("“%(name)s”: %(reason)s") % {"name": name, "reason": " ".join(error.messages)})
            continue
        if content_type not in ACCEPTED_TYPES:
            errors.append(_("“%(name)s” is not a JPEG, PNG or TIFF photograph or a PDF.") % {"name": name})
            continue
        checked.append((uploaded, content_type))
    if errors:
        raise ValidationError({"files": errors})
    return checked


# --- the visitor's actions ---------------------------------------------------------------


def submit(data: dict, files: list, *, client_address: str, started_at: float | None, honeypot: str,
           site_url: str = "") -> tuple[Contribution, str]:
    """Store what a visitor sends; returns it and its secret status token (shown once, e-mailed).

    `data`: kind, text, field, proposed_value, person_name, contributor_name, contributor_email,
    relation, licence, credit_by_name, rights_confirmed (the fields of forms.ContributionForm), and
    about ("person:3", "item:12" or "" for the exhibition), sent_from (the page's path), language.
    `started_at`: when the form was shown (timing.shown_at), None when no form was (the API).
    `site_url`: the site's address for the status link in the e-mail (MEMORIA_PUBLIC_URL wins).

    Refused (robot, rate limit) or ValidationError (per field, and "files"); NotFound when `about`
    names no published person or item. Nothing is stored unless everything is accepted.
    """
    # Cheap checks first. A form with a mistake is not counted (a visitor may need several
    # tries); every complete one is, before its files are decoded, so a burst from one address
    # costs a form check and one counter update per request.
    _check_robot(started_at, honeypot)
    subject = public_subject(data.get("about", ""))
    form = ContributionForm(data, subject=subject)
    if not form.is_valid():
        raise ValidationError({name: list(messages) for name, messages in form.errors.items()})
    values = form.cleaned_data
    files = list(files or ())
    if values["kind"] == Contribution.Kind.PHOTOS and not files:
        raise ValidationError({"files": [_("Please choose the photographs or scans to send.")]})
    _count(f"contributions:{client_address}", "rate_limited", _(
        "Many contributions were sent from your connection in a short time. Please try again in %(wait)s."))
    email_key = hashlib.sha256(values["contributor_email"].strip().lower().encode()).hexdigest()[:40]
    _count(f"contributions-email:{email_key}", "email_rate_limited", _(
        "Many contributions were sent with this e-mail address in a short time. Please try again in %(wait)s."))
    checked = _checked_files(files)

    language = data.get("language") if data.get("language") in dict(settings.LANGUAGES) else translation.get_language()
    token = secrets.token_urlsafe(32)
    contribution = Contribution(
        kind=values["kind"], licence=values["licence"],
        subject_type=subject_type_of(subject), subject_id=subject.pk if subject is not None else None,
        sent_from=str(data.get("sent_from", ""))[:500], language=language or settings.LANGUAGE_CODE,
        text=values["text"], field=values["field"], proposed_value=values["proposed_value"],
        person_name=values["person_name"], contributor_name=values["contributor_name"],
        contributor_email=values["contributor_email"], relation=values["relation"],
        credit_by_name=values["credit_by_name"], rights_confirmed=values["rights_confirmed"],
        token_hash=token_hash(token),
    )
    stored = []
    try:
        with transaction.atomic():
            contribution.save()
            for uploaded, content_type in checked:
                record = ContributionFile(contribution=contribution, original_name=uploaded.name[:255],
                                          content_type=content_type, size=uploaded.size)
                record.file.save(uploaded.name, uploaded, save=False)
                stored.append(record.file.name)
                record.save()
    except BaseException:
        _delete_stored(stored)
        raise
    notify(contribution, "received", token=token, site_url=site_url)
    return contribution, token


def by_token(token: str) -> Contribution:
    """The contribution this secret status token opens; NotFound for any other string."""
    if not token or len(token) > 100:
        raise NotFound("contribution")
    found = Contribution.objects.filter(token_hash=token_hash(token)).first()
    if found is None:
        raise NotFound("contribution")
    return found


@transaction.atomic
def withdraw(token: str) -> Contribution:
    """The visitor takes their contribution back while no decision is made; its files are deleted
    after the retention period like a declined one's, and never served meanwhile."""
    contribution = by_token(token)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if contribution.status not in OPEN:
        raise ValidationError(_("This contribution can no longer be withdrawn: it was %(status)s.")
                              % {"status": contribution.get_status_display().lower()})
    contribution.status = Contribution.Status.WITHDRAWN
    contribution.decided_at = timezone.now()
    contribution.decided_by = None
    contribution.save()
    return contribution


# --- housekeeping ------------------------------------------------------------------------


def _delete_stored(names) -> None:
    storage = ContributionFile._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


#: What a declined or withdrawn contribution forgets after the retention period: everything the
#: family sent and who they are. Kind, status, dates and the curator's message stay, so the status
#: link still tells what happened and the queue's counts stay true.
SENT_FIELDS = ("text", "proposed_value", "person_name", "contributor_name", "contributor_email", "relation")


def purge_expired(now=None) -> int:
    """Delete the files and erase what was sent (SENT_FIELDS, in the history too) of
    contributions declined or withdrawn more than MEMORIA_CONTRIBUTION_RETENTION_DAYS ago.
    Returns how many files were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MEMORIA_CONTRIBUTION_RETENTION_DAYS)
    deleted = 0
    expired = Contribution.objects.filter(status__in=CLOSED, files_purged_at__isnull=True, decided_at__lte=cutoff)
    erased = dict.fromkeys(SENT_FIELDS, "")
    for contribution in expired.iterator():
        with transaction.atomic():
            files = list(contribution.files.all())
            for record in files:
                record.delete()
            # update(), not save(): no new history row holding the data; the old rows are erased too.
            Contribution.objects.filter(pk=contribution.pk).update(files_purged_at=now, **erased)
            Contribution.history.filter(id=contribution.pk).update(**erased)
        # The stored files go once the rows are gone for good.
        _delete_stored(record.file.name for record in files)
        deleted += len(files)
    return deleted


def status_path(token: str, language: str) -> str:
    with translation.override(language):
        return reverse("public:contribution_status", args=[token])


def notify(contribution: Contribution, event: str, *, token: str | None = None, site_url: str = "") -> None:
    """E-mail the contributor about `event` (received, accepted, declined, more_asked), in the
    language they wrote in. Only "received" can carry the status link: the token is never stored."""
    if event not in EVENTS:
        raise ValueError(f"unknown contribution event {event!r}; known: {EVENTS}")
    base = (settings.MEMORIA_PUBLIC_URL or site_url).rstrip("/")
    with translation.override(contribution.language):
        context = {
            "contribution": contribution,
            "status_url": f"{base}{status_path(token, contribution.language)}" if token else "",
            "site_name": settings.MEMORIA_SITE_NAME,
            "retention_days": settings.MEMORIA_CONTRIBUTION_RETENTION_DAYS,
        }
        subject = render_to_string(f"contributions/email/{event}_subject.txt", context).strip()
        body = render_to_string(f"contributions/email/{event}.txt", context)
    try:
        send_mail(subject, body, None, [contribution.contributor_email])
    except OSError:
        # The contribution is stored whatever the mail server says; the status link was shown.
        log.exception("could not e-mail contribution %s about %s", contribution.pk, event)
