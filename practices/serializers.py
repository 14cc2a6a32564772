"""The JSON of a case study in the API: the CSV export's columns, as JSON."""

from iite_portal.api.serializers import CodedField, CodedListField, LinkListField, RecordSerializer

from .exports import COLUMNS
from .models import CaseStudy, Connectivity, EvidenceType, OrganisationType, TargetGroup


class CaseStudySerializer(RecordSerializer):
    """A published good-practice case study."""

    organisation_type = CodedField(OrganisationType)
    target_groups = CodedListField(TargetGroup)
    connectivity = CodedField(Connectivity, allow_null=True)
    evidence_types = CodedListField(EvidenceType)
    related_policies = LinkListField("policies", source="related_policies_slugs")
    related_resources = LinkListField("oer", source="related_resources_slugs")

    class Meta(RecordSerializer.Meta):
        model = CaseStudy
        fields = (*RecordSerializer.Meta.fields, *COLUMNS, "related_policies", "related_resources")
