"""Mounted at /api/ by memoria/urls.py: /api/openapi.json, /api/docs and the resources."""

from django.urls import path

from memoria.api.api import api

urlpatterns = [path("", api.urls)]
