"""The JSON of a policy in the API: the CSV export's columns, as JSON."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from iite_portal.api.serializers import (
    CodedField,
    CodedListField,
    LinkField,
    LinkListField,
    RecordSerializer,
)
from iite_portal.filters import language_label

from .exports import COLUMNS
from .models import DocumentType, LegalStatus, Policy, Scope, Theme


class PolicySerializer(RecordSerializer):
    """A published national ICT-in-education policy."""

    scope = CodedField(Scope)
    document_type = CodedField(DocumentType)
    legal_status = CodedField(LegalStatus)
    doc_languages = CodedListField(language_label)
    themes = CodedListField(Theme)
    document_url = serializers.SerializerMethodField(
        help_text="The policy document (PDF) kept by the portal, if any."
    )
    amends = LinkField("policies", source="amends_slugs")
    replaces = LinkField("policies", source="replaces_slugs")
    implements = LinkField("policies", source="implements_slugs")
    amended_by = LinkListField("policies", source="amended_by_slugs")
    replaced_by = LinkListField("policies", source="replaced_by_slugs")
    implemented_by = LinkListField("policies", source="implemented_by_slugs")
    case_studies = LinkListField("practices", source="case_studies_slugs")
    resources = LinkListField("oer", source="resources_slugs")

    class Meta(RecordSerializer.Meta):
        model = Policy
        fields = (
            *RecordSerializer.Meta.fields,
            *COLUMNS,
            "amends",
            "replaces",
            "implements",
            "amended_by",
            "replaced_by",
            "implemented_by",
            "case_studies",
            "resources",
        )

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_document_url(self, policy):
        if not policy.document:
            return None
        # The document view, not the storage's address: media files are not public.
        url = reverse("policies:document", args=[policy.slug])
        return self.context["request"].build_absolute_uri(url)
