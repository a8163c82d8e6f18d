"""Texts in the back office: "New source from a text" (the add page) and the review of its proposals
(the change page). Every decision is a plain form posted to the decide URL, which calls the
domain actions (memoria.texts.services); the review page's script only adds keyboard shortcuts."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from memoria import jobs
from memoria.core.dates import validate_edtf
from memoria.jobs.models import Job
from memoria.core.errors import NotFound
from memoria.sources.models import Source
from memoria.texts import services
from memoria.texts.jobs import READ_TEXT
from memoria.texts.language import LANGUAGES
from memoria.texts.models import KINDS, TextExtraction
from memoria.texts.reading import Unreadable, read_text
from memoria.texts.selectors import MAX_CHOICES, review_page

KIND_LABELS = {"people": gettext_lazy("People"), "places": gettext_lazy("Places"),
               "units": gettext_lazy("Units and formations"), "dates": gettext_lazy("Dates"),
               "objects": gettext_lazy("Objects")}
PART_LABELS = {"given_name": gettext_lazy("given name"), "patronymic": gettext_lazy("patronymic"),
               "surname": gettext_lazy("surname"), "initials": gettext_lazy("initials"),
               "rank": gettext_lazy("rank"), "role": gettext_lazy("role")}
LANGUAGE_NAMES = {"kk": gettext_lazy("Kazakh"), "ru": gettext_lazy("Russian"), "en": gettext_lazy("English"),
                  "fr": gettext_lazy("French")}


def _after_reading(request, job: Job, done: str):
    """The review of the new reading once it is there (in-process, at once); else the job's page,
    which links to it when the worker is done."""
    if job.status == Job.Status.SUCCEEDED:
        messages.success(request, done)
        return HttpResponseRedirect(reverse("admin:texts_textextraction_change", args=[job.result["extraction"]]))
    return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))


class NewTextForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=gettext_lazy("Paste the text here, or choose a file below."))
    file = forms.FileField(label=gettext_lazy("or a file"), required=False,
                           help_text=gettext_lazy("TXT, DOCX, or a PDF that has a text layer (not a scan)."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.pdf"}))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=500)
    author = forms.CharField(label=gettext_lazy("Author"), max_length=300, required=False)
    url = forms.URLField(label=gettext_lazy("Address (URL)"), max_length=1000, required=False, assume_scheme="https")
    date = forms.CharField(label=gettext_lazy("Publication date"), max_length=64, required=False,
                           validators=[validate_edtf], help_text=gettext_lazy("EDTF: 2025-02-01, 1944-08, 1944~."))
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), required=False,
        choices=[("", gettext_lazy("Recognise from the text"))] + [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES])
    kind = forms.ChoiceField(label=gettext_lazy("Kind of source"), choices=Source.Kind.choices,
                             initial=Source.Kind.ARTICLE)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            try:
                data["text"] = read_text(upload.read(), upload.name)
            except Unreadable as exc:
                self.add_error("file", str(exc))
        elif not (data.get("text") or "").strip():
            self.add_error("text", _("Paste a text or choose a file."))
        return data


def _fact(value: str) -> dict | None:
    """"person:3:birth_date" (the review form's choice) → {"type": "person", "id": 3, "field": "birth_date"}."""
    kind, _sep, rest = (value or "").partition(":")
    pk, _sep, field = rest.partition(":")
    return {"type": kind, "id": int(pk), "field": field} if pk.isdigit() else None


def _admin_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def _for_display(page: dict) -> list:
    """Each kind with its label, and each proposal with what the page shows beside it."""
    shown = []
    for kind, proposals in page["proposals"]:
        for p in proposals:
            p.kind_label = KIND_LABELS[kind]
            p.parts = [(PART_LABELS[part], p.data[part]) for part in PART_LABELS if p.data.get(part)]
            p.match_url = _admin_url(p.match) if p.match is not None else ""
            p.accepted_url = _admin_url(p.accepted) if p.accepted is not None else ""
            choices = page["choices"].get(kind, [])
            # A list cut at MAX_CHOICES would hide the rest of a large archive: then the curator
            # finds the record in its list (searched by this name) and gives its number.
            p.link_choices = choices if len(choices) < MAX_CHOICES else None
            if p.link_choices is None:
                model = services.MODELS[kind]._meta
                p.link_search_url = (reverse(f"admin:{model.app_label}_{model.model_name}_changelist")
                                     + "?" + urlencode({"q": p.label}))
        shown.append((kind, KIND_LABELS[kind], proposals))
    return shown


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# The index's sidebar links the text page beside the spreadsheet import (its template extends that one).
admin.site.index_template = "admin/texts/admin_index.html"


@admin.register(TextExtraction)
class TextExtractionAdmin(admin.ModelAdmin):
    list_display = ("source", "language", "created_at", "created_by")
    list_select_related = ("source", "created_by")
    list_filter = ("language",)
    search_fields = ("source__title_en", "source__title_ru", "source__title_kk", "source__title_fr")

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [path("<int:pk>/decide/", decide, name="texts_textextraction_decide"), *super().get_urls()]

    def has_change_permission(self, request, obj=None):
        return False    # a reading is never edited: its proposals are decided on

    def has_delete_permission(self, request, obj=None):
        return False    # history of what a text proposed stays

    # --- New source from a text -------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NewTextForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                source = services.new_text_source(data, data["text"], request.user)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return _after_reading(request, jobs.enqueue(READ_TEXT, {"source": source.pk}, user=request.user),
                                      _("The source is stored with its text. Decide on each proposal below: "
                                        "nothing enters the archive until you accept it."))
        return render(request, "admin/texts/new_text.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "form": form,
            "title": _("New source from a text")}, status=400 if form.errors else 200)

    # --- Review --------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        extraction = get_object_or_404(TextExtraction.objects.select_related("source"), pk=object_id)
        page = review_page(extraction)
        newer = TextExtraction.objects.filter(source=extraction.source, pk__gt=extraction.pk).order_by("-pk").first()
        return render(request, "admin/texts/review.html", {
            **self.admin_site.each_context(request), "opts": self.opts, **page, "newer": newer,
            "proposals": _for_display(page),
            "can_decide": self.has_add_permission(request),
            "title": _("Review the text: %(title)s") % {"title": extraction.source}})

    def decide_view(self, request, pk: int):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:texts_textextraction_change", args=[pk]))
        extraction = get_object_or_404(TextExtraction.objects.select_related("source"), pk=pk)
        action, kind = request.POST.get("action"), request.POST.get("kind", "")
        index = _number(request.POST.get("index"))
        anchor = f"#p-{kind}-{index}" if kind in KINDS and index is not None else ""
        try:
            if action == "rerun":
                if not self.has_add_permission(request):
                    raise PermissionDenied
                if not extraction.source.text.strip():
                    raise ValidationError(_("This source keeps no text to read."))
                return _after_reading(request, jobs.enqueue(READ_TEXT, {"source": extraction.source_id},
                                                            user=request.user),
                                      _("The text was read again; rejected proposals stay out."))
            elif action == "reject":
                services.reject_proposal(extraction, kind, -1 if index is None else index, request.user)
                messages.success(request, _("Rejected: it will not be proposed again for this source."))
            elif action == "accept" and request.POST.get("choice") == "other" and not request.POST.get("link_to"):
                messages.error(request, _("Choose the record to link to, or accept it as another choice."))
            elif action == "accept":
                record = services.accept_proposal(
                    extraction, kind, -1 if index is None else index, request.user,
                    link_to=_number(request.POST.get("link_to")) if request.POST.get("choice") == "other" else None,
                    create_new=request.POST.get("choice") == "new",
                    edited={name: request.POST[name].strip() for name in (
                        "name", *services.PERSON_PARTS, "unit_kind", "inventory_number") if request.POST.get(name, "").strip()},
                    member_of=_number(request.POST.get("member_of")),
                    took_part_in=_number(request.POST.get("took_part_in")),
                    fact=_fact(request.POST.get("fact", "")))
                messages.success(request, _("Accepted: %(record)s (unpublished until you publish it).") % {"record": record})
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except NotFound:
            messages.error(request, _("This proposal is no longer in the text's reading: reload the page."))
        return HttpResponseRedirect(reverse("admin:texts_textextraction_change", args=[extraction.pk]) + anchor)
