"""The Import page lives under /admin/import/ and uses the admin's login and staff check."""

from django.contrib import admin
from django.urls import path

from memoria.imports import views

app_name = "imports"
urlpatterns = [
    path("", admin.site.admin_view(views.import_page), name="import"),
    path("template/<str:kind>.<str:fmt>", admin.site.admin_view(views.template_download), name="template"),
    path("export/<str:kind>.csv", admin.site.admin_view(views.export_download), name="export"),
    path("rejects/<str:token>/<str:kind>.csv", admin.site.admin_view(views.rejects_download),
         name="rejects"),
]
