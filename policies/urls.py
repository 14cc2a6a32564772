"""URLs of the policies pages."""

from django.urls import path

from . import exports, feeds, views

app_name = "policies"
urlpatterns = [
    path("", views.PolicyListView.as_view(), name="list"),
    path("export.csv", exports.PolicyCSVView.as_view(), name="export_csv"),
    path("feed.atom", feeds.PolicyFeed(), name="feed"),
    path("<slug:slug>/", views.PolicyDetailView.as_view(), name="detail"),
    path("<slug:slug>/cite.bib", views.policy_cite_bibtex, name="cite-bibtex"),
    path("<slug:slug>/cite.ris", views.policy_cite_ris, name="cite-ris"),
    path("<slug:slug>/document.pdf", views.policy_document, name="document"),
]
