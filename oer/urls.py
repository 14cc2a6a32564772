"""URLs of the oer pages."""

from django.urls import path

from . import exports, feeds, views

app_name = "oer"
urlpatterns = [
    path("", views.ResourceListView.as_view(), name="list"),
    path("export.csv", exports.ResourceCSVView.as_view(), name="export_csv"),
    path("feed.atom", feeds.ResourceFeed(), name="feed"),
    path("<slug:slug>/", views.ResourceDetailView.as_view(), name="detail"),
]
