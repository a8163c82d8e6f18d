"""/<lang>/kiosk/ and /<lang>/kiosk/exit/ (inside the language prefix: the kiosk keeps the
language it was started in)."""

from django.urls import path

from memoria.labels import kiosk_views, views

app_name = "kiosk"
urlpatterns = [
    path("", views.kiosk_start, name="start"),
    path("exit/", views.kiosk_exit, name="exit"),
    path("attract/", kiosk_views.attract, name="attract"),
]
