"""How the list pages' filters appear in the OpenAPI schema.

drf-spectacular guesses a filter's type from the model field; our filters on array columns
take one value per parameter (repeated for several), years are whole numbers in a range,
and tags are slugs: say so exactly, so that clients and schemathesis send what the API
takes. Imported by the API views, which registers the extension."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from iite_portal.filters import AnyOfFilter, TagsFilter, YearFilter
from iite_portal.models import MAX_YEAR, MIN_YEAR

DESCRIPTIONS = {
    "q": _("Words that must all appear in the title, summary or tags."),
    "tag": _("Tag slug; repeat for several: records with all of them."),
    "year_from": _("Earliest year (inclusive) of the kind's year: started, adopted or published."),
    "year_to": _("Latest year (inclusive) of the kind's year."),
    "sort": _("Order of the records; relevance needs q (else newest first)."),
    "region": _("UNESCO region slug."),
}
ANY_OF = _("Repeat for several values: records with any of them.")


class RecordFilterExtension(DjangoFilterExtension):
    target_class = "django_filters.rest_framework.DjangoFilterBackend"
    match_subclasses = True
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = self._resolve(auto_schema, model, filterset_class, field_name, filter_field)
        for parameter in parameters:
            # An empty single value is no filter, as when the page's form leaves a box empty
            # (?year_from=&q=): clients may copy the page's query string as it is.
            if parameter["schema"].get("type") != "array":
                parameter["allowEmptyValue"] = True
        return parameters

    def _resolve(self, auto_schema, model, filterset_class, field_name, filter_field):
        label = str(filter_field.label)
        described = str(DESCRIPTIONS[field_name]) if field_name in DESCRIPTIONS else None
        if isinstance(filter_field, AnyOfFilter):
            choices = filter_field.extra["choices"]
            codes = [code for code, _name in (choices() if callable(choices) else choices)]
            return [self._param(field_name, f"{label}. {ANY_OF}", many=True, enum=codes)]
        if isinstance(filter_field, TagsFilter):
            return [self._param(field_name, described, many=True)]
        if isinstance(filter_field, YearFilter):
            schema = {
                **build_basic_type(OpenApiTypes.INT),
                "minimum": MIN_YEAR,
                "maximum": MAX_YEAR,
            }
            return [
                build_parameter_type(
                    field_name, schema, OpenApiParameter.QUERY, description=described
                )
            ]
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        if described:
            for parameter in parameters:
                parameter["description"] = described
        return parameters

    @staticmethod
    def _param(name, description, many=False, enum=None):
        schema = build_basic_type(OpenApiTypes.STR)
        return build_parameter_type(
            name,
            build_array_type(schema) if many else schema,
            OpenApiParameter.QUERY,
            description=description,
            enum=enum,
            explode=True if many else None,
            style="form" if many else None,
        )
