from django.urls import path

from memoria.public import views, views_contribute, views_discovery

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

# Family contributions (views_contribute.py): the form, "received", the contributor's status page.
urlpatterns += [
    path("contribute/", views_contribute.contribute, name="contribute"),
    path("contribute/received/", views_contribute.received, name="contribution_received"),
    path("contributions/<str:token>/", views_contribute.status, name="contribution_status"),
    path("contributions/<str:token>/withdraw/", views_contribute.withdraw, name="contribution_withdraw"),
]
