"""Root-level addresses of this app:

- /i/<inventory number>: the short permanent address printed on labels (outside the language
  prefix, so that a label never has to choose a language);
- /admin/qr-labels/: the back office's label sheet (mounted before the admin's own URLs).
"""

from django.contrib import admin
from django.urls import path

from memoria.labels import admin_views, views

app_name = "labels"
urlpatterns = [
    path("i/<path:inventory_number>", views.short_link, name="short-link"),
    path("admin/qr-labels/", admin.site.admin_view(admin_views.label_sheet), name="sheet"),
]
