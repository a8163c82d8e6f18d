"""The family contribution pages: the form, the "received" page that shows the secret status link
once, and the contributor's status page (contributions.services does the work)."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from memoria.contributions import services
from memoria.contributions.errors import Refused
from memoria.contributions.forms import LICENCE_EXPLANATIONS, ContributionForm
from memoria.contributions.selectors import status_page
from memoria.contributions.subjects import about_of, public_subject, title_of
from memoria.contributions.timing import form_shown_stamp, shown_at
from memoria.core.errors import NotFound
from memoria.core.uploads import megabytes, upload_limit
from memoria.labels.shortlinks import public_base_url
from memoria.ratelimit.middleware import client_address

#: The session key that carries the new token from the form to the "received" page, once.
NEW_TOKEN = "memoria_contribution_token"
HONEYPOT = "website"


def _private(response):
    """Pages that carry or follow a secret link: never cached, never indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _subject(request):
    try:
        return public_subject(request.GET.get("about", ""))
    except NotFound:
        raise Http404 from None


def _client(request) -> str:
    proxies = [ipaddress.ip_network(p, strict=False) for p in settings.MEMORIA_TRUSTED_PROXIES]
    return client_address(request, proxies)


def _form_page(request, subject, form, *, refusal=None, file_errors=(), status=200):
    about = about_of(subject)
    response = render(request, "public/contribute.html", {
        "form": form, "subject": subject, "about": about, "title": title_of(subject) if subject else "", "shown": form_shown_stamp(),
        "honeypot": HONEYPOT, "refusal": refusal, "file_errors": file_errors,
        "licences": [(value, label, LICENCE_EXPLANATIONS[value]) for value, label in form.fields["licence"].choices],
        "max_files": settings.MEMORIA_CONTRIBUTION_MAX_FILES,
        "max_file_mb": megabytes(settings.MEMORIA_CONTRIBUTION_MAX_FILE_BYTES),
    }, status=status)
    if refusal is not None and refusal.retry_after:
        response["Retry-After"] = str(refusal.retry_after)
    return _private(response)


def _too_large(request, message):
    """A file over the limit, stopped while it arrived (core.uploads): the form again, saying so,
    with what had arrived of the visitor's text before the file."""
    subject = _subject(request)
    refusal = Refused("too_large", message)
    form = ContributionForm(subject=subject, initial=request.POST.dict())
    return _form_page(request, subject, form, refusal=refusal, status=413)


@upload_limit("MEMORIA_CONTRIBUTION_MAX_FILE_BYTES", "MEMORIA_CONTRIBUTION_MAX_FILE_MB",
              files=settings.MEMORIA_CONTRIBUTION_MAX_FILES, refuse=_too_large, visitors=True)
@require_http_methods(["GET", "HEAD", "POST"])
def contribute(request):
    subject = _subject(request)
    if request.method != "POST":
        return _form_page(request, subject, ContributionForm(subject=subject))
    data = request.POST.copy()
    data.update({"about": about_of(subject), "language": request.LANGUAGE_CODE,
                 "sent_from": subject.get_absolute_url() if subject is not None else reverse("public:home")})
    try:
        _contribution, token = services.submit(
            data, request.FILES.getlist("files"), client_address=_client(request),
            started_at=shown_at(request.POST.get("shown", "")), honeypot=request.POST.get(HONEYPOT, ""),
            site_url=public_base_url(request))
    except Refused as refusal:
        status = 429 if refusal.retry_after else 400
        return _form_page(request, subject, ContributionForm(request.POST, subject=subject),
                          refusal=refusal, status=status)
    except ValidationError as error:
        form = ContributionForm(request.POST, subject=subject)
        form.is_valid()
        return _form_page(request, subject, form, file_errors=error.message_dict.get("files", []), status=400)
    request.session[NEW_TOKEN] = token
    return HttpResponseRedirect(reverse("public:contribution_received"))


@require_safe
def received(request):
    """Shows the status link once: the token leaves the session as it is shown."""
    token = request.session.pop(NEW_TOKEN, None)
    status_url = request.build_absolute_uri(reverse("public:contribution_status", args=[token])) if token else ""
    return _private(render(request, "public/contribute_received.html", {"status_url": status_url}))


@require_safe
def status(request, token):
    try:
        page = status_page(token)
    except NotFound:
        raise Http404 from None
    return _private(render(request, "public/contribution_status.html", {
        "status": page, "token": token, "withdrawn": request.GET.get("withdrawn") == "1"}))


@require_POST
def withdraw(request, token):
    try:
        services.withdraw(token)
    except NotFound:
        raise Http404 from None
    except ValidationError as error:
        page = status_page(token)
        return _private(render(request, "public/contribution_status.html", {
            "status": page, "token": token, "error": " ".join(error.messages)}, status=409))
    return HttpResponseRedirect(reverse("public:contribution_status", args=[token]) + "?withdrawn=1")
