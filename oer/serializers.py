"""The JSON of an OER listing in the API: the CSV export's columns, as JSON."""

from iite_portal.api.serializers import CodedField, CodedListField, LinkListField, RecordSerializer
from iite_portal.filters import language_label
from iite_portal.vocab import Licence, country_name

from .exports import COLUMNS
from .models import Accessibility, Resource, ResourceType


class ResourceSerializer(RecordSerializer):
    """A published OER listing: an open educational resource hosted elsewhere."""

    resource_type = CodedField(ResourceType)
    languages = CodedListField(language_label)
    licence = CodedField(Licence, help_text="SPDX identifier and name.")
    accessibility = CodedListField(Accessibility)
    origin_country = CodedField(country_name, allow_null=True)
    related_policies = LinkListField("policies", source="related_policies_slugs")
    case_studies = LinkListField("practices", source="case_studies_slugs")

    class Meta(RecordSerializer.Meta):
        model = Resource
        fields = (*RecordSerializer.Meta.fields, *COLUMNS, "related_policies", "case_studies")
