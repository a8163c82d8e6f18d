"""Family contributions: sent by anyone, moderated by the back office's users.

    POST /contributions                 send one (multipart: the fields + `files`), no token needed;
                                        the same checks and limits as the site's form
    GET  /contributions                 the moderation queue, newest first   } a token whose user
    GET  /contributions/{id}            one                                  } may see contributions
    POST /contributions/{id}/accept     accept, with the curator's edits     } a token whose user
    POST /contributions/{id}/decline    decline, with the reason             } may decide (curators;
    POST /contributions/{id}/ask-more   ask the contributor for more         } reviewers: 403)

The work is contributions.services.submit and contributions.moderation's actions.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from memoria.api.auth import PUBLIC, token_auth
from memoria.api.crud import Pages, as_recorded, errors
from memoria.api.inputs import (
    AcceptIn,
    AskMoreIn,
    ContributionSubmission,
    DeclineIn,
    choice,
    declared_query_only,
)
from memoria.api.schemas import ContributionOut, ContributionReceiptOut
from memoria.contributions import moderation
from memoria.contributions.models import Contribution
from memoria.contributions.queue import contribution_for, contribution_queue
from memoria.contributions.services import status_path, submit
from memoria.labels.shortlinks import public_base_url
from memoria.ratelimit.middleware import client_address

router = Router(tags=["contributions"])
DECIDE_ERRORS = errors(400, 401, 403, 404, 412, 422)
#: The document says what _refuse_unknown_fields does (django-ninja would silently ignore them).
ONLY_KNOWN_FIELDS = {"requestBody": {"content": {"multipart/form-data": {"schema": {
    "additionalProperties": False}}}}}


class QueueFilters(Schema):
    status: choice(Contribution.Status) | None = None
    kind: choice(Contribution.Kind) | None = None


def _refuse_unknown_fields(request) -> None:
    """A misspelt field (contributor_mail) must not be dropped silently, as in the JSON bodies."""
    unknown = (set(request.POST) | set(request.FILES)) - {"files", *ContributionSubmission.model_fields}
    if unknown:
        raise ValidationError({name: "A contribution has no such field." for name in sorted(unknown)})


def _client(request) -> str:
    proxies = [ipaddress.ip_network(p, strict=False) for p in settings.MEMORIA_TRUSTED_PROXIES]
    return client_address(request, proxies)


@router.post("", response={201: ContributionReceiptOut, **errors(400, 401, 404, 422)}, auth=PUBLIC["auth"],
             openapi_extra={**PUBLIC["openapi_extra"], **ONLY_KNOWN_FIELDS}, operation_id="contributions_send",
             summary="Send a story, photographs or scans (JPEG, PNG, TIFF, PDF), a correction or a missing person")
def send(request, details: Form[ContributionSubmission], files: File[list[UploadedFile]] = None):
    _refuse_unknown_fields(request)
    data = details.model_dump()
    language = data.pop("language") or translation.get_language()
    data.update(language=language, sent_from="/api/contributions")
    _contribution, token = submit(data, files or [], client_address=_client(request), started_at=None,
                                  honeypot="", site_url=public_base_url(request))
    return Status(201, {"status": Contribution.Status.RECEIVED,
                        "status_url": request.build_absolute_uri(status_path(token, language))})


@router.get("", response={200: list[ContributionOut], **errors(401, 403, 422)}, auth=token_auth,
            operation_id="contributions_list", summary="The moderation queue, newest first")
@paginate(Pages)
@declared_query_only(QueueFilters, Pages.Input)
def queue(request, filters: Query[QueueFilters]):
    return contribution_queue(request.auth, status=filters.status, kind=filters.kind)


@router.get("/{pk}", response={200: ContributionOut, **errors(401, 403, 404, 422)}, auth=token_auth,
            operation_id="contributions_get", summary="Get one")
def get_contribution(request, pk: int):
    return contribution_for(pk, request.auth)


def _decided(request, pk: int, decide, *args, **kwargs) -> Contribution:
    """Run a decision on the contribution; answer it as GET shows it."""
    decided = as_recorded(lambda: decide(contribution_for(pk, request.auth), request.auth, *args, **kwargs))
    return contribution_for(decided.pk, request.auth)


@router.post("/{pk}/accept", response={200: ContributionOut, **DECIDE_ERRORS}, auth=token_auth,
             operation_id="contributions_accept", summary="Accept (as sent, or with the given edits)")
def accept(request, pk: int, body: AcceptIn):
    edited = body.model_dump(exclude_none=True)
    return _decided(request, pk, moderation.accept, edited=edited or None)


@router.post("/{pk}/decline", response={200: ContributionOut, **DECIDE_ERRORS}, auth=token_auth,
             operation_id="contributions_decline", summary="Decline, telling the contributor why")
def decline(request, pk: int, body: DeclineIn):
    return _decided(request, pk, moderation.decline, body.reason)


@router.post("/{pk}/ask-more", response={200: ContributionOut, **DECIDE_ERRORS}, auth=token_auth,
             operation_id="contributions_ask_more", summary="Ask the contributor for more")
def ask_more(request, pk: int, body: AskMoreIn):
    return _decided(request, pk, moderation.ask_more, body.message)
