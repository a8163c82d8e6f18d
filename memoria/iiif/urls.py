from django.urls import path, re_path

from memoria.iiif import views

app_name = "iiif"
IDENTIFIER = r"(?P<identifier>[A-Za-z0-9_-]{1,100})"

urlpatterns = [
    path("iiif/item/<int:pk>/manifest.json", views.manifest, name="manifest"),
    re_path(rf"^iiif/{IDENTIFIER}$", views.image_base, name="image"),
    re_path(rf"^iiif/{IDENTIFIER}/info\.json$", views.info, name="info"),
    re_path(rf"^iiif/{IDENTIFIER}/(?P<region>[^/]+)/(?P<size>[^/]+)/(?P<rotation>[^/]+)/(?P<quality>[^/]+)$",
            views.tile, name="tile"),
]
