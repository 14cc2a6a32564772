"""Records as simple Dublin Core (oai_dc): the fifteen elements, each a list of strings."""

from django.utils import translation

from iite_portal.citations import record_creator
from iite_portal.fields import choice_labels
from iite_portal.vocab import LICENCE_URLS, Region, country_name
from iite_portal.xmlsafe import xml_safe

# Characters that XML 1.0 forbids; one stray control character would break a whole page.

# DCMI Type Vocabulary term of each OER resource type (anything else is Text).
OER_DCMI_TYPES = {
    "video": "MovingImage",
    "interactive": "InteractiveResource",
    "course": "InteractiveResource",
    "collection": "Collection",
}


def xml_text(value) -> str:
    return xml_safe(value).strip()


def date(record) -> str:
    if getattr(record, "adopted_on", None):
        return record.adopted_on.isoformat()
    if record.year_value:
        return str(record.year_value)
    return record.published_at.date().isoformat() if record.published_at else ""


def coverage(record) -> list[str]:
    regions = dict(Region.choices)
    return [country_name(c) for c in record.countries] + [str(regions[r]) for r in record.regions]


def practice_elements(case, url_for):
    return {
        "contributor": case.partners.split(","),
        "type": ["Text", "Case study"],
        "language": [case.language],
        "relation": [
            url_for(r) for r in (*case.related_policies.all(), *case.related_resources.all())
        ],
    }


def policy_elements(policy, url_for):
    related = [policy.amends, policy.replaces, policy.implements]
    return {
        "title": [policy.original_title],
        "subject": choice_labels(policy, "themes"),
        "type": ["Text", policy.get_document_type_display()],
        "format": ["application/pdf"] if policy.document else [],
        "source": [policy.official_url],
        "language": list(policy.doc_languages) or [policy.language],
        "relation": [url_for(r) for r in related if r is not None and r.is_public],
    }


def resource_elements(resource, url_for):
    return {
        "subject": list(resource.subjects),
        "publisher": [resource.publisher],
        "type": [
            OER_DCMI_TYPES.get(resource.resource_type, "Text"),
            resource.get_resource_type_display(),
        ],
        "identifier": [resource.url],
        "language": list(resource.languages) or [resource.language],
        "relation": [url_for(r) for r in resource.related_policies.all()],
        "rights": [LICENCE_URLS.get(resource.licence, resource.get_licence_display())],
    }


ELEMENTS = {"practices": practice_elements, "policies": policy_elements, "oer": resource_elements}


def dublin_core(record, *, url_for) -> list[tuple[str, list[str]]]:
    """(element, values) pairs in the order of the oai_dc schema; labels in English, the
    repository's language, whatever language the harvester's client prefers."""
    with translation.override("en"):
        specific = ELEMENTS[record._meta.app_label](record, url_for)
        elements = {
            "title": [record.title, *specific.get("title", [])],
            "creator": [record_creator(record)],
            "subject": [*record.tag_names, *specific.get("subject", [])],
            "description": [record.summary],
            "publisher": specific.get("publisher", []),
            "contributor": specific.get("contributor", []),
            "date": [date(record)],
            "type": specific["type"],
            "format": ["text/html", *specific.get("format", [])],
            "identifier": [url_for(record), *specific.get("identifier", [])],
            "source": specific.get("source", []),
            "language": specific["language"],
            "relation": specific["relation"],
            "coverage": coverage(record),
            "rights": specific.get("rights", []),
        }
        cleaned = ((name, [xml_text(v) for v in values]) for name, values in elements.items())
        return [(name, [v for v in values if v]) for name, values in cleaned]
