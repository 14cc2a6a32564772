"""What the policy list exports as CSV and JSON beyond the common columns."""

from django.db.models import Case, CharField, F, OuterRef, Value, When
from django.urls import reverse

from iite_portal.exports import RecordCSVView
from oer.models import Resource
from practices.models import CaseStudy

from .filters import PolicyFilterSet
from .models import Policy


def _earlier(field):
    """The published policy this one amends, replaces or implements (0 or 1 slug)."""
    return lambda: Policy.objects.published().filter(pk=OuterRef(f"{field}_id"))


def _later(field):
    """The published policies that amend, replace or implement this one."""
    return lambda: Policy.objects.published().filter(**{field: OuterRef("pk")})


def _case_studies():
    return CaseStudy.objects.published().filter(related_policies=OuterRef("pk"))


def _resources():
    return Resource.objects.published().filter(related_policies=OuterRef("pk"))


# Cross-links to published records: name -> (kind, targets).
LINKS = {
    "amends": ("policies", _earlier("amends")),
    "replaces": ("policies", _earlier("replaces")),
    "implements": ("policies", _earlier("implements")),
    "amended_by": ("policies", _later("amends")),
    "replaced_by": ("policies", _later("replaces")),
    "implemented_by": ("policies", _later("implements")),
    "case_studies": ("practices", _case_studies),
    "resources": ("oer", _resources),
}
# Links to one record at most: a slug or nothing, not a list.
SINGLE_LINKS = ("amends", "replaces", "implements")

COLUMNS = (
    "original_title",
    "scope",
    "jurisdiction",
    "issuing_body",
    "document_type",
    "legal_status",
    "adopted_on",
    "adopted_year",
    "start_year",
    "end_year",
    "doc_languages",
    "themes",
    "official_url",
    "document_url",
    "document_size",
)


class PolicyCSVView(RecordCSVView):
    filterset_class = PolicyFilterSet
    columns = COLUMNS
    links = LINKS

    # The document view's address, not the storage's: media files are not served publicly.
    derived = {**RecordCSVView.derived, "document_url": "document_slug"}

    def stream(self, queryset):
        has_document = Case(
            When(document="", then=Value("")), default=F("slug"), output_field=CharField()
        )
        return super().stream(queryset.annotate(document_slug=has_document))

    def derived_value(self, column, value, context):
        if column == "document_url":
            url = reverse("policies:document", args=[value]) if value else ""
            return self.request.build_absolute_uri(url) if url else ""
        return super().derived_value(column, value, context)
