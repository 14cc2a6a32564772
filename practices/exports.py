"""What the case-study list exports as CSV and JSON beyond the common columns."""

from django.db.models import OuterRef

from iite_portal.exports import RecordCSVView
from oer.models import Resource
from policies.models import Policy

from .filters import CaseStudyFilterSet


def _policies():
    return Policy.objects.published().filter(case_studies=OuterRef("pk"))


def _resources():
    return Resource.objects.published().filter(case_studies=OuterRef("pk"))


# Cross-links to published records of the other kinds: name -> (kind, targets).
LINKS = {
    "related_policies": ("policies", _policies),
    "related_resources": ("oer", _resources),
}

COLUMNS = (
    "organisation",
    "organisation_type",
    "partners",
    "start_year",
    "end_year",
    "ongoing",
    "target_groups",
    "learners_reached",
    "teachers_reached",
    "schools_reached",
    "technologies",
    "connectivity",
    "open_tools",
    "context",
    "approach",
    "implementation",
    "monitoring",
    "impact",
    "evidence_types",
    "costs",
    "challenges",
    "lessons",
    "sustainability",
    "sources",
    "contact",
)


class CaseStudyCSVView(RecordCSVView):
    filterset_class = CaseStudyFilterSet
    columns = COLUMNS
    links = LINKS
