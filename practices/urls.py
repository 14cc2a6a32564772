"""URLs of the practices pages."""

from django.urls import path

from . import views

app_name = "practices"
urlpatterns = [
    path("", views.CaseStudyListView.as_view(), name="list"),
    path("<slug:slug>/", views.CaseStudyDetailView.as_view(), name="detail"),
]
