from django.urls import path

from memoria.interop import oai

urlpatterns = [
    path("oai", oai.endpoint, name="oai"),
]
