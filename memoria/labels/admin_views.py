"""The back office's label sheet: choose sections, languages and format, download the file."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from memoria.archive.models import Item
from memoria.core.visibility import hidden
from memoria.exhibitions.models import Section
from memoria.labels.forms import LabelSheetForm
from memoria.labels.services import build_sheet_file
from memoria.labels.sheet import sheet_content
from memoria.labels.shortlinks import public_base_url

PERMISSION = "exhibitions.change_section"


def _initial_sections(request) -> list[int]:
    ids = [part for part in request.GET.get("sections", "").split(",") if part.isdigit()]
    if ids:
        return [int(part) for part in ids]
    exhibition = request.GET.get("exhibition", "")
    if exhibition.isdigit():
        return list(Section.objects.filter(exhibition_id=int(exhibition)).values_list("pk", flat=True))
    return []


def label_sheet(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        form = LabelSheetForm(request.POST)
        if form.is_valid():
            sections = form.cleaned_data["sections"]
            content = sheet_content(sections, form.cleaned_data["languages"], public_base_url(request))
            if content.labels:
                title = _("QR labels: %(sections)s") % {"sections": ", ".join(str(s) for s in sections)}
                sheet = build_sheet_file(content, sections, form.cleaned_data["format"],
                                         form.cleaned_data["per_page"], title)
                response = HttpResponse(sheet.content, content_type=sheet.content_type)
                response["Content-Disposition"] = f'attachment; filename="{sheet.filename}"'
                response["X-Label-Count"] = str(sheet.label_count)
                return response
            form.add_error("sections", _("These sections show no published item: there is nothing to label."))
    else:
        form = LabelSheetForm(initial={"sections": _initial_sections(request)})
    unpublished = _unpublished_warning(form)
    context = {
        **admin.site.each_context(request),
        "title": _("Print QR labels"),
        "form": form,
        "unpublished": unpublished,
        "media": form.media,
    }
    return render(request, "labels/sheet_form.html", context)


def _unpublished_warning(form) -> str:
    """Say up front which labels will be missing, and why."""
    ids = form.data.getlist("sections") if form.is_bound else form.initial.get("sections", [])
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not ids:
        return ""
    count = hidden(Item.objects.filter(entries__section_id__in=ids)).distinct().count()
    if not count:
        return ""
    return ngettext(
        "%(count)d item in these sections is not published: it gets no label, because its QR "
        "code would lead visitors to a missing page.",
        "%(count)d items in these sections are not published: they get no label, because their "
        "QR codes would lead visitors to a missing page.",
        count,
    ) % {"count": count}


@admin.action(description=gettext_lazy("Print QR labels for the selected sections"), permissions=["change"])
def print_qr_labels(modeladmin, request, queryset):
    ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
    return HttpResponseRedirect(f"{reverse('labels:sheet')}?sections={ids}")

