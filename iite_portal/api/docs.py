"""The API's documentation as a server-rendered page (no script), read from the OpenAPI
schema that /api/v1/schema/ serves, plus the CSV columns and the Atom feeds."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator

from iite_portal.exports import RecordCSVView
from oer.exports import ResourceCSVView
from policies.exports import PolicyCSVView
from practices.exports import CaseStudyCSVView

# Enumerations longer than this (countries, languages) are named, not listed.
MAX_LISTED_VALUES = 30
KINDS = (
    ("practices", _("Good-practice case studies"), CaseStudyCSVView, "CaseStudy"),
    ("policies", _("National ICT-in-education policies"), PolicyCSVView, "Policy"),
    ("oer", _("Open educational resources"), ResourceCSVView, "Resource"),
)
EXAMPLES = {
    "practices": "country=KE&country=UG&level=1&target_group=rural",
    "policies": "region=africa&theme=teachers&year_from=2015&sort=year",
    "oer": "language=fr&licence=CC-BY-4.0&offline=true&page_size=50",
}


def api_docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    kinds = []
    for kind, title, csv_view, component in KINDS:
        list_path = reverse(f"api:{kind}-list")
        kinds.append(
            {
                "kind": kind,
                "title": title,
                "list_path": list_path,
                "operations": [
                    _operation(schema, list_path, EXAMPLES[kind], request),
                    _operation(schema, f"{list_path}{{slug}}/", "", request),
                ],
                "fields": _fields(components[component], components),
                "csv_columns": csv_view().header(),
                "csv_example": request.build_absolute_uri(
                    f"{reverse(f'{kind}:export_csv')}?{EXAMPLES[kind]}"
                ),
                "feed_example": request.build_absolute_uri(
                    f"{reverse(f'{kind}:feed')}?{EXAMPLES[kind]}"
                ),
            }
        )
    context = {
        "info": schema["info"],
        "kinds": kinds,
        "schema_url": request.build_absolute_uri(reverse("api:schema")),
        "separator": "; ",
        "common_columns": RecordCSVView().header(),
    }
    return render(request, "api/docs.html", context)


def _operation(schema, path, example_query, request) -> dict:
    operation = schema["paths"][path]["get"]
    example_path = path.replace("{slug}", "SLUG")
    if example_query:
        example_path = f"{example_path}?{example_query}"
    return {
        "path": path,
        "summary": operation.get("summary", ""),
        "description": operation.get("description", ""),
        "parameters": [_parameter(parameter) for parameter in operation.get("parameters", [])],
        "responses": sorted(operation["responses"].items()),
        "example": request.build_absolute_uri(example_path),
    }


def _parameter(parameter) -> dict:
    schema = parameter["schema"]
    many = schema.get("type") == "array"
    item = schema["items"] if many else schema
    values = item.get("enum") or []
    bounds = [
        f"{word} {item[key]}" for key, word in (("minimum", "≥"), ("maximum", "≤")) if key in item
    ]
    return {
        "name": parameter["name"],
        "where": parameter["in"],
        "type": item.get("type", "string"),
        "many": many,
        "values": values if len(values) <= MAX_LISTED_VALUES else [],
        "value_count": len(values),
        "bounds": ", ".join(bounds),
        # drf-spectacular appends a "* `code` - label" list: the table shows the values.
        "description": parameter.get("description", "").split("\n\n*")[0],
    }


def _fields(component, components) -> list[dict]:
    fields = []
    for name, prop in component["properties"].items():
        ref = prop.get("$ref") or (prop.get("allOf") or [{}])[0].get("$ref")
        items = prop.get("items", {})
        item_ref = items.get("$ref")
        if ref:
            shape = _ref_name(ref)
        elif item_ref:
            shape = f"array of {_ref_name(item_ref)}"
        elif prop.get("type") == "array":
            shape = f"array of {items.get('type', 'string')}"
        else:
            shape = prop.get("format") or prop.get("type", "string")
        fields.append(
            {
                "name": name,
                "shape": shape,
                "nullable": prop.get("nullable", False),
                "description": prop.get("description") or prop.get("title", ""),
            }
        )
    return fields


def _ref_name(ref) -> str:
    return ref.rsplit("/", 1)[-1]
