"""Filters of the policy list (also for its API, CSV and feed)."""

from django.utils.translation import gettext_lazy as _

from iite_portal.facets import Facet
from iite_portal.filters import AnyOfFilter, RecordFilterSet
from iite_portal.vocab import Isced, language_choices

from .models import DocumentType, LegalStatus, Policy, Theme


class PolicyFilterSet(RecordFilterSet):
    document_type = AnyOfFilter(choices=DocumentType.choices, label=_("Document type"))
    legal_status = AnyOfFilter(choices=LegalStatus.choices, label=_("Legal status"))
    language = AnyOfFilter(
        field_name="doc_languages",
        array=True,
        choices=language_choices,
        label=_("Language of the document"),
    )
    theme = AnyOfFilter(field_name="themes", array=True, choices=Theme.choices, label=_("Theme"))
    level = AnyOfFilter(
        field_name="levels", array=True, choices=Isced.choices, label=_("Education level")
    )

    facets = (
        *RecordFilterSet.facets,
        Facet("document_type", "document_type"),
        Facet("legal_status", "legal_status"),
        Facet("theme", "themes", "array"),
        Facet("level", "levels", "array"),
        Facet("language", "doc_languages", "array", order="label"),
    )

    class Meta(RecordFilterSet.Meta):
        model = Policy
