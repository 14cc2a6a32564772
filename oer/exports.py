"""What the OER list exports as CSV and JSON beyond the common columns."""

from django.db.models import OuterRef

from iite_portal.exports import RecordCSVView
from policies.models import Policy
from practices.models import CaseStudy

from .filters import ResourceFilterSet


def _policies():
    return Policy.objects.published().filter(resources=OuterRef("pk"))


def _case_studies():
    return CaseStudy.objects.published().filter(related_resources=OuterRef("pk"))


# Cross-links to published records of the other kinds: name -> (kind, targets).
LINKS = {
    "related_policies": ("policies", _policies),
    "case_studies": ("practices", _case_studies),
}

COLUMNS = (
    "url",
    "publisher",
    "resource_type",
    "subjects",
    "languages",
    "licence",
    "accessibility",
    "offline",
    "low_bandwidth",
    "origin_country",
    "year",
)


class ResourceCSVView(RecordCSVView):
    filterset_class = ResourceFilterSet
    columns = COLUMNS
    links = LINKS
