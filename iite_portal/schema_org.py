"""schema.org descriptions of records, for JSON-LD on detail pages: LearningResource for
OER, Legislation for policies, Article for case studies."""

from .citations import record_creator
from .fields import choice_labels
from .vocab import LICENCE_URLS, Region, country_name

ISCED_SCHEME = (
    "https://uis.unesco.org/en/topic/international-standard-classification-education-isced"
)
PORTAL = {"@type": "Organization", "name": "UNESCO IITE Knowledge Portal"}

# Our legal statuses as schema.org's LegalForceStatus; a draft is not (yet) in force.
LEGAL_FORCE = {
    "in_force": "https://schema.org/InForce",
    "expired": "https://schema.org/NotInForce",
    "superseded": "https://schema.org/NotInForce",
    "draft": "https://schema.org/NotInForce",
}

# Our accessibility features that have an exact term in schema.org's accessibilityFeature
# vocabulary; the others are named in accessibilitySummary.
ACCESSIBILITY_TERMS = {
    "captions": "captions",
    "transcripts": "transcript",
    "alt_text": "alternativeText",
    "sign_language": "signLanguage",
    "audio_description": "audioDescription",
}


def organisation(name):
    return {"@type": "Organization", "name": name} if name else None


def places(record):
    return [
        {"@type": "Country", "name": country_name(code), "identifier": code}
        for code in record.countries
    ]


def levels(record):
    return [
        {"@type": "DefinedTerm", "termCode": code, "name": name, "inDefinedTermSet": ISCED_SCHEME}
        for code, name in zip(record.levels, choice_labels(record, "levels"), strict=True)
    ]


def common(record, url):
    regions = dict(Region.choices)
    return {
        "@context": "https://schema.org",
        "@id": url,
        "mainEntityOfPage": url,
        "name": record.title,
        "description": record.summary,
        "keywords": list(record.tag_names),
        "spatialCoverage": places(record)
        + [{"@type": "Place", "name": str(regions[r])} for r in record.regions if r in regions],
        "educationalLevel": levels(record),
        "dateModified": record.updated_at.isoformat() if record.updated_at else None,
    }


def related(record, url_for):
    if record is None or not record.is_public:
        return None
    return {"@type": "Legislation", "name": record.title, "url": url_for(record)}


def resource_jsonld(resource, url, url_for):
    features = [ACCESSIBILITY_TERMS[f] for f in resource.accessibility if f in ACCESSIBILITY_TERMS]
    return {
        "@type": "LearningResource",
        "url": resource.url,
        "learningResourceType": resource.get_resource_type_display(),
        "license": LICENCE_URLS.get(resource.licence, resource.get_licence_display()),
        "inLanguage": list(resource.languages),
        "accessibilityFeature": features,
        "accessibilitySummary": ", ".join(choice_labels(resource, "accessibility")),
        "publisher": organisation(resource.publisher),
        "datePublished": str(resource.year) if resource.year else None,
        "about": list(resource.subjects),
        "isAccessibleForFree": True,
    }


def policy_jsonld(policy, url, url_for):
    changes = [related(policy.amends, url_for), related(policy.replaces, url_for)]
    return {
        "@type": "Legislation",
        "url": url,
        "alternateName": policy.original_title,
        "legislationType": policy.get_document_type_display(),
        "legislationJurisdiction": policy.jurisdiction
        or [country_name(code) for code in policy.countries],
        "legislationDate": policy.adopted_on.isoformat()
        if policy.adopted_on
        else (str(policy.adopted_year) if policy.adopted_year else None),
        "legislationLegalForce": LEGAL_FORCE.get(policy.legal_status),
        "legislationPassedBy": organisation(policy.issuing_body),
        "legislationChanges": [change for change in changes if change],
        "isBasedOn": related(policy.implements, url_for),
        "inLanguage": list(policy.doc_languages),
        "sameAs": policy.official_url,
        "about": choice_labels(policy, "themes"),
    }


def casestudy_jsonld(case, url, url_for):
    end = case.end_year or ".."  # an ISO 8601 interval left open while ongoing
    return {
        "@type": "Article",
        "url": url,
        "author": organisation(record_creator(case)),
        "contributor": [organisation(p.strip()) for p in case.partners.split(",") if p.strip()],
        "publisher": PORTAL,
        "about": [{"@type": "Thing", "name": g} for g in choice_labels(case, "target_groups")],
        "temporalCoverage": f"{case.start_year}/{end}" if case.start_year else None,
        "dateCreated": case.created_at.isoformat() if case.created_at else None,
        "datePublished": case.published_at.isoformat() if case.published_at else None,
        "inLanguage": case.language,
    }


BUILDERS = {"oer": resource_jsonld, "policies": policy_jsonld, "practices": casestudy_jsonld}


def record_jsonld(record, *, url_for) -> dict:
    """The record as a schema.org object; url_for(record) gives a record's absolute URL."""
    url = url_for(record)
    data = common(record, url) | BUILDERS[record._meta.app_label](record, url, url_for)
    # Empty values say nothing; leaving them out keeps validators quiet.
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
