"""URLs of the API, version 1."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import docs, views

app_name = "api"

router = SimpleRouter()
router.register("practices", views.CaseStudyViewSet, basename="practices")
router.register("policies", views.PolicyViewSet, basename="policies")
router.register("oer", views.ResourceViewSet, basename="oer")

urlpatterns = [
    path("", views.api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    *router.urls,
]
