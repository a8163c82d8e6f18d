"""The moderation queue of family contributions: newest first, filtered by status, with the page
each was sent from, its files and what accepting it would change; one page per contribution with
the curator's decisions as buttons (contributions.moderation does the work).

A contribution is never edited through a form: what the family sent stays as sent (the curator's
edits go into what acceptance makes). Reviewers see the queue and the files; the buttons are
not shown to them and their POSTs are refused (403), as the actions themselves refuse them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.urls import NoReverseMatch, path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from memoria.contributions import moderation
from memoria.contributions.acceptance import EDITABLE, current_value
from memoria.contributions.models import Contribution, ContributionFile
from memoria.contributions.services import CLOSED
from memoria.contributions.subjects import fact_choices
from memoria.core.errors import NotFound, VersionConflict

Status = Contribution.Status
#: What a browser shows as a picture; any other file (TIFF, PDF) is a download.
SHOWN_INLINE = {"image/jpeg", "image/png"}


def _edited(post) -> dict | None:
    """The curator's edits from "Edit, then accept"; None for a plain "Accept"."""
    if post.get("edited") != "1":
        return None
    return {name: post[name] for name in EDITABLE if name in post}


#: step in the URL → (the action, what the curator is told when it is done)
STEPS = {
    "review": (lambda c, user, post: moderation.start_review(c, user),
               _("In review: the contributor's status page says so.")),
    "accept": (lambda c, user, post: moderation.accept(c, user, edited=_edited(post)),
               _("Accepted: it is in the archive, and the contributor was told.")),
    "ask-more": (lambda c, user, post: moderation.ask_more(c, user, post.get("message", "")),
                 _("The contributor was asked for more.")),
    "decline": (lambda c, user, post: moderation.decline(c, user, post.get("reason", "")),
                _("Declined: the contributor was told why.")),
    "undo": (lambda c, user, post: moderation.undo_acceptance(c, user),
             _("The acceptance was undone: what it made is gone, and the contribution is in review again.")),
}
#: The steps each status allows (the actions check it again).
STEPS_BY_STATUS = {
    Status.RECEIVED: ("review", "accept", "ask-more", "decline"),
    Status.IN_REVIEW: ("accept", "ask-more", "decline"),
    Status.MORE_ASKED: ("review", "accept", "ask-more", "decline"),
    Status.ACCEPTED: ("undo",),
}


def _admin_link(obj) -> str:
    try:
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return str(obj)
    return format_html('<a href="{}">{}</a>', url, obj)


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    change_form_template = "admin/contributions/contribution/change_form.html"
    list_display = ("received", "kind", "status", "about", "sent_from_link", "file_previews", "would_change")
    list_filter = ("status", "kind", "licence")
    search_fields = ("text", "person_name", "proposed_value", "contributor_name")
    ordering = ("-created_at",)
    list_per_page = 50
    class Media: css = {"all": ["backoffice/moderation.css"]}  # noqa: RUF012
    fieldsets = (
        (None, {"fields": ("status", "kind", "received", "about", "sent_from_link", "language")}),
        (_("What was sent"), {"fields": ("text", "field", "proposed_value", "person_name", "file_previews")}),
        (_("The contributor (public only if credited by name)"),
         {"fields": ("contributor_name", "contributor_email", "relation", "credit_by_name", "licence",
                     "rights_confirmed")}),
        (_("Decision"), {"fields": ("curator_message", "decided_by", "decided_at", "made", "files_purged_at")}),
    )
    readonly_fields = ("status", "kind", "received", "about", "sent_from_link", "language", "text", "field",
                       "proposed_value", "person_name", "file_previews", "contributor_name",
                       "contributor_email", "relation", "credit_by_name", "licence", "rights_confirmed",
                       "curator_message", "decided_by", "decided_at", "made", "files_purged_at")

    def has_add_permission(self, request):
        return False  # families send them, from the public pages or the API

    def has_delete_permission(self, request, obj=None):
        return False  # declined and withdrawn files go by services.purge_expired; the record stays

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("files", "subject").select_related("decided_by")

    # --- columns ---------------------------------------------------------------------

    @admin.display(description=_("received"), ordering="created_at")
    def received(self, obj):
        return formats.localize(timezone.localtime(obj.created_at))

    @admin.display(description=_("about"))
    def about(self, obj):
        return _admin_link(obj.subject) if obj.subject is not None else gettext("the exhibition as a whole")

    @admin.display(description=_("sent from page"))
    def sent_from_link(self, obj):
        # Only a path of this site becomes a link (an API client may send anything).
        if obj.sent_from.startswith("/") and url_has_allowed_host_and_scheme(obj.sent_from, allowed_hosts=None):
            return format_html('<a href="{}">{}</a>', obj.sent_from, obj.sent_from)
        return obj.sent_from or "—"

    @admin.display(description=_("files"))
    def file_previews(self, obj):
        files = list(obj.files.all())
        if not files:
            return "—"
        if obj.files_purged_at:
            return gettext("deleted")
        if obj.status in CLOSED:
            return gettext("%(count)d, no longer shown") % {"count": len(files)}
        return format_html_join(" ", "{}", ((self._file_tag(obj, sent),) for sent in files))

    def _file_tag(self, obj, sent):
        url = reverse("admin:contributions_contribution_file", args=[obj.pk, sent.pk])
        if sent.content_type in SHOWN_INLINE:
            return format_html('<a class="contribution-file" href="{}"><img src="{}" alt="{}" loading="lazy"></a>',
                               url, url, sent.original_name)
        return format_html('<a class="contribution-file" href="{}">{}</a>', url, sent.original_name or sent.content_type)

    @admin.display(description=_("what would change"))
    def would_change(self, obj):
        if obj.status == Status.ACCEPTED:
            return self.made(obj)
        about = str(obj.subject) if obj.subject is not None else gettext("the exhibition as a whole")
        if obj.kind == Contribution.Kind.CORRECTION:
            label = obj.field
            if obj.subject is not None and obj.field:
                label = type(obj.subject)._meta.get_field(obj.field).verbose_name
            return format_html("{}: “{}” → “{}”", label, current_value(obj) or "—", obj.proposed_value)
        if obj.kind == Contribution.Kind.MISSING_PERSON:
            return format_html("{} “{}”", gettext("a new draft person:"), obj.person_name)
        count = len(obj.files.all())
        parts = [gettext("a family source about %(about)s") % {"about": about}]
        if count and obj.licence != Contribution.Licence.RESEARCH_ONLY:
            parts.append(gettext("files added to the record: %(count)d") % {"count": count})
        return "; ".join(parts)

    @admin.display(description=_("what acceptance made"))
    def made(self, obj):
        outcome = obj.outcome or {}
        if not outcome.get("source"):
            return "—"
        links = [("sources", "source", outcome["source"], gettext("source"))]
        if outcome.get("person"):
            links.append(("archive", "person", outcome["person"], gettext("draft person")))
        links += [("archive", "media", pk, gettext("file")) for pk in outcome.get("media", [])]
        parts = [format_html('<a href="{}">{} #{}</a>', reverse(f"admin:{app}_{model}_change", args=[pk]), label, pk)
                 for app, model, pk, label in links if model != "media"]
        parts += [format_html("{} #{}", label, pk) for app, model, pk, label in links if model == "media"]
        edit = outcome.get("edit")
        if edit:
            parts.append(format_html("{}: “{}” → “{}”", edit["field"], edit["old"] or "—", edit["new"]))
        return format_html_join(", ", "{}", ((part,) for part in parts))

    # --- the page of one contribution and its decisions ---------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/decide/<slug:step>/", wrap(self.decide_view), name="contributions_contribution_decide"),
            path("<int:pk>/files/<int:file_pk>/", wrap(self.file_view), name="contributions_contribution_file"),
            *super().get_urls(),
        ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            raise PermissionDenied  # decisions go through their buttons, never through a form save
        contribution = self.get_object(request, object_id) if object_id else None
        steps = ()
        if contribution is not None and self.has_change_permission(request, contribution):
            steps = STEPS_BY_STATUS.get(contribution.status, ())
        context = {
            **(extra_context or {}), "steps": steps,
            "facts": fact_choices(contribution.subject) if contribution is not None else [],
            "would_change": self.would_change(contribution) if contribution is not None else "",
            "show_save": False, "show_save_and_continue": False, "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().changeform_view(request, object_id, form_url, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied  # a contribution's past state is read, never restored
        return super().history_form_view(request, object_id, version_id, extra_context)

    def decide_view(self, request, pk, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        contribution = self.get_object(request, str(pk))
        if contribution is None or step not in STEPS:
            raise Http404
        if not self.has_change_permission(request, contribution):
            raise PermissionDenied
        action, done = STEPS[step]
        try:
            action(contribution, request.user, request.POST)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except VersionConflict:
            messages.error(request, gettext("A record that acceptance made or changed was edited since: "
                                            "nothing was undone. Look at its history, then decide."))
        except NotFound:
            messages.error(request, gettext("A record that acceptance made or changed no longer exists."))
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("admin:contributions_contribution_change", args=[pk]))

    def file_view(self, request, pk, file_pk):
        """A file as the family sent it, to back-office users only, while the contribution is open
        or accepted: a declined or withdrawn one's files are never served."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        sent = ContributionFile.objects.select_related("contribution").filter(pk=file_pk, contribution_id=pk).first()
        if sent is None or sent.contribution.status in CLOSED or sent.contribution.files_purged_at:
            raise Http404
        try:
            handle = sent.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=sent.content_type,
                                as_attachment=sent.content_type not in SHOWN_INLINE, filename=sent.original_name)
        # Never let a sent file run as a page: no scripts, no plugins, no sniffing; not cached.
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
