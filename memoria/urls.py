from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from memoria.public import views as public_views
from memoria.public import views_web

# Every app's admin module, imported here rather than at start (memoria/backoffice/admin_app.py).
admin.autodiscover()

urlpatterns = [
    path("robots.txt", views_web.robots_txt, name="robots"),
    path("favicon.ico", views_web.favicon, name="favicon"),
    path("sitemap.xml", views_web.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", views_web.sitemap_section, name="sitemap-section"),
    # /i/<inventory number> and /admin/qr-labels/ (before the admin's own URLs).
    path("", include("memoria.labels.urls")),
    # The spreadsheet Import page (before the admin's own URLs).
    path("admin/import/", include("memoria.imports.urls")),
    path("admin/", admin.site.urls),
    path("media/<path:path>", public_views.media_file, name="media"),
    path("api/", include("memoria.api.urls")),
    path("", include("memoria.interop.urls")),
    path("", include("memoria.iiif.urls")),
]
urlpatterns += i18n_patterns(
    path("kiosk/", include("memoria.labels.kiosk_urls")),
    path("", include("memoria.public.urls")),
    prefix_default_language=True,
)

# Errors in the site's design and the visitor's language (the API and OAI-PMH answer their own).
handler400 = "memoria.public.views_errors.bad_request"
handler403 = "memoria.public.views_errors.permission_denied"
handler404 = "memoria.public.views_errors.page_not_found"
handler500 = "memoria.public.views_errors.server_error"

admin.site.site_header = "memoria — back office"
admin.site.site_title = "memoria"
admin.site.index_title = "Catalogue and exhibitions"
