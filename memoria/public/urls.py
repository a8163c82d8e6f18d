from django.urls import path

from memoria.public import views, views_discovery

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("exhibitions/", views.exhibitions, name="exhibitions"),
    path("exhibitions/<slug:slug>/", views.exhibition, name="exhibition"),
    path("exhibitions/<slug:slug>/<slug:section>/", views.section, name="section"),
    path("items/", views.items, name="items"),
    path("items/<int:pk>/", views.item, name="item"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person, name="person"),
    path("places/", views.places, name="places"),
    path("places/<int:pk>/", views.place, name="place"),
    path("events/", views.events, name="events"),
    path("events/<int:pk>/", views.event, name="event"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("sources/<int:pk>/", views.source, name="source"),
    path("search/", views.search, name="search"),
    path("map/", views_discovery.map_page, name="map"),
    path("timeline/", views_discovery.timeline_page, name="timeline"),
]
