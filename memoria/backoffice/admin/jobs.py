"""The jobs' list and a job's page: what runs, how far it is, what it gave, why it failed.

Both pages refresh themselves while a job is waiting or running (a meta refresh: no script).
Curators retry a failed job (the list's action, or the job page's button) and start the
back office's heavy work: rebuilding the search indexes here, finding duplicates in the
duplicates queue.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from memoria import jobs
from memoria.jobs import progress as job_progress
from memoria.jobs import services
from memoria.jobs.models import Job
from memoria.search.jobs import REINDEX

REFRESH_SECONDS = 3


def progress_bar(job: Job) -> str:
    done, total, message = job_progress.current(job)
    if job.status == Job.Status.SUCCEEDED and not total:
        done = total = 1
    shown = f"{done} / {total}" if total else (str(done) if done else "")
    return format_html('<progress value="{}" max="{}">{}</progress> {} {}', done, total or 1, shown, shown, message)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("job_name", "status", "progress_shown", "attempts_shown", "created_by", "created_at",
                    "finished_at", "summary_shown")
    list_display_links = ("job_name",)
    list_filter = ("status", "kind")
    list_per_page = 50
    actions = ["retry_failed"]
    change_list_template = "admin/jobs/job/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")

    # Jobs are made by the work that asks for them and stay as its record.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("job"), ordering="pk")
    def job_name(self, job):
        return str(job)

    @admin.display(description=gettext_lazy("progress"))
    def progress_shown(self, job):
        return progress_bar(job)

    @admin.display(description=gettext_lazy("attempts"))
    def attempts_shown(self, job):
        return f"{job.attempts} / {job.max_attempts}"

    @admin.display(description=gettext_lazy("result"))
    def summary_shown(self, job):
        return job.summary or (job.error.strip().splitlines() or [""])[-1]

    @admin.action(description=gettext_lazy("Retry the selected failed jobs"), permissions=["change"])
    def retry_failed(self, request, queryset):
        retried = 0
        for job in queryset.filter(status=Job.Status.FAILED):
            services.retry(job, request.user)
            retried += 1
        self.message_user(request, _("%(count)d failed job(s) sent again.") % {"count": retried})

    def changelist_view(self, request, extra_context=None):
        busy = Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).exists()
        return super().changelist_view(request, {**(extra_context or {}), "refresh": REFRESH_SECONDS if busy else 0,
                                                 "can_start": self.has_change_permission(request)})

    def get_urls(self):
        start = self.admin_site.admin_view(self.reindex_view)
        return [path("reindex/", start, name="jobs_job_reindex"), *super().get_urls()]

    def reindex_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        job = jobs.enqueue(REINDEX, {}, user=request.user)
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))

    # -- a job's page ---------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        job = get_object_or_404(Job.objects.select_related("created_by"), pk=object_id)
        if request.method == "POST":
            if not self.has_change_permission(request, job):
                raise PermissionDenied
            try:
                job = services.retry(job, request.user)
                self.message_user(request, _("The job was sent again."))
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "job": job,
                   "title": str(job), "progress": progress_bar(job),
                   "refresh": 0 if job.finished else REFRESH_SECONDS,
                   "can_retry": job.status == Job.Status.FAILED and self.has_change_permission(request, job),
                   # a kind's own template shows its result (imports: the import's report)
                   "result_templates": [f"admin/jobs/result/{job.kind}.html", "admin/jobs/result/default.html"],
                   "list_url": reverse("admin:jobs_job_changelist")}
        return TemplateResponse(request, "admin/jobs/job.html", context)
