"""URLs of the practices pages."""

from django.urls import path

from . import exports, feeds, views

app_name = "practices"
urlpatterns = [
    path("", views.CaseStudyListView.as_view(), name="list"),
    path("export.csv", exports.CaseStudyCSVView.as_view(), name="export_csv"),
    path("feed.atom", feeds.CaseStudyFeed(), name="feed"),
    path("<slug:slug>/", views.CaseStudyDetailView.as_view(), name="detail"),
]
