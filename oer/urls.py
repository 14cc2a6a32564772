"""URLs of the oer pages."""

from django.urls import path

from . import views

app_name = "oer"
urlpatterns = [
    path("", views.ResourceListView.as_view(), name="list"),
    path("<slug:slug>/", views.ResourceDetailView.as_view(), name="detail"),
]
