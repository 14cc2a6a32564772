"""Filters of the case-study list (also for its API, CSV and feed)."""

from django.utils.translation import gettext_lazy as _

from iite_portal.facets import Facet
from iite_portal.filters import AnyOfFilter, RecordFilterSet
from iite_portal.vocab import Isced

from .models import CaseStudy, Connectivity, OrganisationType, TargetGroup


class CaseStudyFilterSet(RecordFilterSet):
    level = AnyOfFilter(
        field_name="levels", array=True, choices=Isced.choices, label=_("Education level")
    )
    target_group = AnyOfFilter(
        field_name="target_groups",
        array=True,
        choices=TargetGroup.choices,
        label=_("Target group"),
    )
    connectivity = AnyOfFilter(choices=Connectivity.choices, label=_("Connectivity needed"))
    organisation_type = AnyOfFilter(choices=OrganisationType.choices, label=_("Organisation type"))

    facets = (
        *RecordFilterSet.facets,
        Facet("level", "levels", "array"),
        Facet("target_group", "target_groups", "array"),
        Facet("connectivity", "connectivity"),
        Facet("organisation_type", "organisation_type"),
    )

    class Meta(RecordFilterSet.Meta):
        model = CaseStudy
