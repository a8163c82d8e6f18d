from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from memoria.public import views as public_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("media/<path:path>", public_views.media_file, name="media"),
    path("api/", include("memoria.api.urls")),
    path("", include("memoria.interop.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("memoria.public.urls")),
    prefix_default_language=True,
)

admin.site.site_header = "memoria — back office"
admin.site.site_title = "memoria"
admin.site.index_title = "Catalogue and exhibitions"
