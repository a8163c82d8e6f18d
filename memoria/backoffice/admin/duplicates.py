"""The review queue of people who may be one person: reviewers look, curators decide.

The queue is the candidate pairs' list (open and "not sure" ones, best first, with the finder's
reasons); a pair's page sets both records side by side, differences marked, with a choice for
every field both fill differently, and the three answers. Every answer is a domain action of
memoria.duplicates.merge, which also refuses reviewers; the buttons are only hidden for them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from memoria import jobs
from memoria.duplicates import selectors
from memoria.duplicates.jobs import FIND_DUPLICATES
from memoria.duplicates.merge import (
    OTHER,
    SURVIVOR,
    decide_different,
    decide_unsure,
    merge_people,
    undo_merge,
)
from memoria.duplicates.models import CandidatePair, PersonMerge


class QueueFilter(admin.SimpleListFilter):
    """Without a choice the queue shows what is still to decide."""

    title = gettext_lazy("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [("", gettext_lazy("to review")), *CandidatePair.Status.choices, ("all", gettext_lazy("all"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {"selected": (self.value() or "") == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value} if value else {},
                                                              [] if value else [self.parameter_name])}

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset.filter(status__in=selectors.TO_REVIEW,
                                   person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(CandidatePair)
class CandidatePairAdmin(admin.ModelAdmin):
    list_display = ("people", "score_shown", "reasons_shown", "status")
    list_display_links = ("people",)
    list_filter = (QueueFilter,)
    ordering = ("-score", "pk")
    list_per_page = 50
    change_list_template = "admin/duplicates/candidatepair/change_list.html"
    search_fields = ("person_a__name_en", "person_b__name_en", "person_a__name_ru", "person_b__name_ru",
                     "person_a__name_kk", "person_b__name_kk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person_a", "person_b")

    # Pairs come from the finder (`memoria duplicates`), and leave only by an answer.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("people"))
    def people(self, pair):
        return format_html("{} ~ {}", pair.person_a, pair.person_b)

    @admin.display(description=gettext_lazy("score"), ordering="score")
    def score_shown(self, pair):
        return f"{pair.score:.2f}"

    @admin.display(description=gettext_lazy("reasons"))
    def reasons_shown(self, pair):
        return format_html("<ul class=\"pair-reasons\">{}</ul>",
                           format_html_join("", "<li>{}</li>", ((reason,) for reason in pair.reasons)))

    def get_urls(self):
        undo = self.admin_site.admin_view(self.undo_view)
        find = self.admin_site.admin_view(self.find_view)
        return [path("merges/<int:merge_id>/undo/", undo, name="duplicates_personmerge_undo"),
                path("find/", find, name="duplicates_candidatepair_find"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}),
                                                 "can_find": self.has_change_permission(request)})

    def find_view(self, request):
        """Run the whole-archive finder as a job (as `memoria duplicates`); its page shows the counts."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        job = jobs.enqueue(FIND_DUPLICATES, {}, user=request.user)
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))

    # -- a pair's page ------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        review = selectors.pair_review(object_id)
        if request.method == "POST":
            if not self.has_change_permission(request, review.pair):
                raise PermissionDenied
            answered = self._answer(request, review)
            if answered is not None:
                return answered
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "review": review,
                   "title": _("Are these the same person?"), "can_decide": self.has_change_permission(request),
                   "merged": review.pair.status == CandidatePair.Status.MERGED,
                   "queue_url": reverse("admin:duplicates_candidatepair_changelist")}
        return TemplateResponse(request, "admin/duplicates/pair.html", context)

    def _answer(self, request, review):
        """Run the answer posted; a redirect when done, None to show the page again with the error."""
        pair, answer = review.pair, request.POST.get("answer")
        try:
            if answer == "merge":
                keep_b = request.POST.get("survivor") == "b"
                survivor, other = (pair.person_b, pair.person_a) if keep_b else (pair.person_a, pair.person_b)
                kept_side = "b" if keep_b else "a"
                choices = {row.field: SURVIVOR if request.POST.get(f"pick_{row.field}", kept_side) == kept_side
                           else OTHER for row in review.rows if row.pick}
                merge_people(survivor, other, request.user, choices=choices)
                self.message_user(request, _("Merged: %(survivor)s now holds everything of %(other)s. The merge "
                                             "can be undone from its page.") % {"survivor": survivor, "other": other},
                                  messages.SUCCESS)
            elif answer == "different":
                decide_different(pair, request.user)
                self.message_user(request, _("Remembered: different people. This pair will not be proposed "
                                             "again."), messages.SUCCESS)
            elif answer == "unsure":
                decide_unsure(pair, request.user)
                self.message_user(request, _("Left for later."), messages.INFO)
            else:
                self.message_user(request, _("Choose an answer."), messages.ERROR)
                return None
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:duplicates_candidatepair_changelist"))

    # -- undo -----------------------------------------------------------------------------------------

    def undo_view(self, request, merge_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        merge = get_object_or_404(PersonMerge, pk=merge_id)
        person_page = reverse("admin:archive_person_change", args=[merge.survivor_id])
        try:
            undo_merge(merge, request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(person_page)
        self.message_user(request, _("The merge was undone: %(merged)s is a record of its own again.")
                          % {"merged": merge.merged}, messages.SUCCESS)
        return HttpResponseRedirect(person_page)
