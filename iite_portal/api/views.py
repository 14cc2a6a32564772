"""The API's endpoints: one read-only viewset per kind, the schema and a JSON 404."""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets

from iite_portal.exports import with_links
from oer import exports as oer_exports
from oer.filters import ResourceFilterSet
from oer.serializers import ResourceSerializer
from policies import exports as policy_exports
from policies.filters import PolicyFilterSet
from policies.serializers import PolicySerializer
from practices import exports as practice_exports
from practices.filters import CaseStudyFilterSet
from practices.serializers import CaseStudySerializer

from . import schema  # noqa: F401 -- registers the filter schema extension
from .errors import ErrorSerializer

BAD_REQUEST = OpenApiResponse(ErrorSerializer, description="A parameter has an invalid value")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such page or published record")


class ListFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend with the list page's FilterSet; an invalid value is a 400
    with a message per parameter (the page would ignore it). Details are not filtered."""

    def filter_queryset(self, request, queryset, view):
        if view.action != "list":
            return queryset
        return super().filter_queryset(request, queryset, view)


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    """Published records of one kind, by slug."""

    # Queries per list: the count, the page of records (cross-link slugs come as
    # sub-queries in it) and their tags (one prefetch), plus the chosen tags when `tag`
    # is given; never one per record.

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    filter_backends = [ListFilterBackend]
    links: dict = {}

    def get_queryset(self):
        model = self.filterset_class._meta.model
        return with_links(model.objects.published(), self.links).prefetch_related("tags")


def _documented(kind_plural, serializer):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List published {kind_plural}",
            description=(
                f"Published {kind_plural}, filtered by the same parameters as the portal's "
                "list page (repeat a parameter for several values), newest first unless "
                "`sort` says otherwise."
            ),
            responses={
                200: OpenApiResponse(serializer(many=True), description="A page of records"),
                400: BAD_REQUEST,
                404: NOT_FOUND,
            },
        ),
        retrieve=extend_schema(
            summary=f"One published record of {kind_plural}, by slug",
            description="The record with this slug, if it is published.",
            parameters=[
                OpenApiParameter(
                    "slug",
                    location=OpenApiParameter.PATH,
                    description="The record's slug: the last part of its page's address.",
                )
            ],
            responses={200: OpenApiResponse(serializer, description="The record"), 404: NOT_FOUND},
        ),
    )


@_documented("case studies", CaseStudySerializer)
class CaseStudyViewSet(RecordViewSet):
    filterset_class = CaseStudyFilterSet
    serializer_class = CaseStudySerializer
    links = practice_exports.LINKS


@_documented("policies", PolicySerializer)
class PolicyViewSet(RecordViewSet):
    filterset_class = PolicyFilterSet
    serializer_class = PolicySerializer
    links = policy_exports.LINKS


@_documented("OER listings", ResourceSerializer)
class ResourceViewSet(RecordViewSet):
    filterset_class = ResourceFilterSet
    serializer_class = ResourceSerializer
    links = oer_exports.LINKS


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, as clients of a JSON API expect."""
    return JsonResponse({"detail": _("There is no such address in the API.")}, status=404)


def api_root(request):
    """/api/v1/: where everything in the API is, so that a client (or a curious reader)
    starting at the root finds the lists, the schema and the documentation."""
    links = {
        "practices": "api:practices-list",
        "policies": "api:policies-list",
        "oer": "api:oer-list",
        "schema": "api:schema",
        "docs": "api:docs",
    }
    return JsonResponse(
        {name: request.build_absolute_uri(reverse(url)) for name, url in links.items()}
    )
