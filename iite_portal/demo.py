"""Demo content: the sample policies, case studies and OER in `demo_data/`, loaded by
`manage.py load_demo` so that a fresh portal has something real-looking to show.

The records are sample content compiled by the portal's developers, marked as such in their
provenance (`source`). Loading is idempotent: a record is found by its slug, saved only when
the sample differs from what is stored (so history and versions do not grow on every run),
and the whole load is one transaction.

Two ways to load. `demo_load()` (`manage.py load_demo`, `make reset-demo`) brings every demo
record back to the sample, re-creating deleted ones and undoing edits. With `if_empty=True`
(`load_demo --if-empty`, what `make run` and `make serve` run on every start) it loads only
into a database that has never held a record, so it never touches what staff have changed
or deleted."""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from modeltrans.fields import TranslatedVirtualField

from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy

from .models import Status
from .vocab import regions_for
from .workflow import record_set_tags

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_SOURCE = (
    "Sample content for demonstration, compiled by IITE portal developers; "
    "verify against the official source."
)
# When the sample was compiled and its facts last checked by its compilers.
DEMO_VERIFIED = datetime.date(2026, 11, 29)
MODELS = (Policy, CaseStudy, Resource)
# Two loads at once (`make run` and `make serve` starting together) take turns.
_LOCK_KEY = 0x11E_DE30


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    statuses: dict = field(default_factory=dict)  # model -> Counter of statuses
    skipped: bool = False  # `if_empty` and the database has (or had) records


def _read(name: str) -> list[dict]:
    with open(DEMO_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def _common(item: dict) -> dict:
    return {
        "title": item["title"],
        "levels": list(item.get("levels", [])),
        "status": item.get("status", Status.PUBLISHED),
        "featured": bool(item.get("featured", False)),
        "source": DEMO_SOURCE,
        "last_verified": DEMO_VERIFIED,
        "i18n": {},  # the sample has no translations
    }


def _policy_fields(item: dict) -> dict:
    return {
        **_common(item),
        "summary": item["summary"],
        "original_title": item.get("original_title") or "",
        "countries": [item["country"]] if item.get("country") else [],
        "scope": item.get("scope") or "national",
        "issuing_body": item["issuing_body"],
        "document_type": item["document_type"],
        "legal_status": item.get("legal_status") or "in_force",
        "adopted_year": item.get("adopted_year"),
        "start_year": item.get("start_year"),
        "end_year": item.get("end_year"),
        "doc_languages": list(item.get("languages", [])),
        "official_url": item.get("official_url") or "",
        "themes": list(item.get("themes", [])),
    }


def _case_study_fields(item: dict) -> dict:
    narrative = {name: item.get(name) or "" for name in CaseStudy.NARRATIVE_FIELDS}
    return {
        **_common(item),
        **narrative,
        "summary": item["summary"],
        "countries": sorted(set(item.get("countries", []))),
        "organisation": item["organisation"],
        "organisation_type": item["organisation_type"],
        "partners": item.get("partners") or "",
        "start_year": item.get("start_year"),
        "end_year": item.get("end_year"),
        "ongoing": bool(item.get("ongoing")),
        "target_groups": list(item.get("target_groups", [])),
        "learners_reached": item.get("learners_reached"),
        "teachers_reached": item.get("teachers_reached"),
        "schools_reached": item.get("schools_reached"),
        "technologies": item.get("technologies") or "",
        "connectivity": item.get("connectivity") or "",
        "open_tools": bool(item.get("open_tools")),
        "evidence_types": [item["evidence_type"]] if item.get("evidence_type") else [],
        "sources": "\n".join(item.get("sources", [])),
    }


def _resource_fields(item: dict) -> dict:
    origin = item.get("origin_country") or ""
    # Resource.save() adds the country of origin to the countries; do it here too, so that
    # comparing the sample with the stored record does not see a difference every time.
    countries = sorted({*item.get("countries", []), *([origin] if origin else [])})
    return {
        **_common(item),
        "summary": item["description"],
        "countries": countries,
        "url": item.get("url") or "",
        "publisher": item["publisher"],
        "resource_type": item["resource_type"],
        "subjects": list(item.get("subjects", [])),
        "languages": list(item.get("languages", [])),
        "licence": item["licence"],
        "accessibility": list(item.get("accessibility", [])),
        "offline": bool(item.get("offline")),
        "low_bandwidth": bool(item.get("low_bandwidth")),
        "origin_country": origin,
        "year": item.get("year"),
    }


def _differs(record, fields: dict) -> bool:
    return any(getattr(record, name) != value for name, value in fields.items())


def _upsert(model, slug: str, fields: dict, report: LoadReport):
    """Create the record or bring it in line with the sample; save only on a difference."""
    record = model.objects.filter(slug=slug).first()
    creating = record is None
    if creating:
        record = model(slug=slug)
    elif not _differs(record, fields):
        report.unchanged += 1
        return record
    for name, value in fields.items():
        setattr(record, name, value)
    if record.status == Status.PUBLISHED:
        record.published_at = record.published_at or timezone.now()
    elif record.status == Status.DRAFT:
        record.published_at = None
    # Blank links are deliberate: the sample leaves a link empty rather than guess it. The
    # translations' virtual fields are left out: cleaning `title_i18n` would write the
    # original title into i18n as the translation into the active language ("title_en"),
    # which then hides any later edit of the title from readers of that language, and
    # which the admin refuses for a record written in that language.
    virtual = [f.name for f in model._meta.get_fields() if isinstance(f, TranslatedVirtualField)]
    record.full_clean(exclude=["url", "official_url", *virtual], validate_unique=False)
    if creating:
        report.created += 1
    else:
        record.version += 1
        report.updated += 1
    record.save()
    return record


def _with_drafts(name: str) -> list[dict]:
    return _read(name) + _read("drafts").get(name, [])


def _save(model, item: dict, fields: dict, report: LoadReport):
    record = _upsert(model, item["slug"], fields, report)
    record_set_tags(record=record, names=item.get("tags", []))
    report.statuses.setdefault(model, Counter())[record.status] += 1
    return record


def _earlier_first(items: list[dict]) -> list[dict]:
    """Order policies so that the one a policy amends or replaces is loaded before it."""
    by_slug, ordered, seen = {item["slug"]: item for item in items}, [], set()

    def visit(item):
        if item["slug"] in seen:
            return
        seen.add(item["slug"])
        for name in ("replaces", "amends"):
            if item.get(name):
                visit(by_slug[item[name]])
        ordered.append(item)

    for item in items:
        visit(item)
    return ordered


def _load_policies(report: LoadReport) -> dict[str, Policy]:
    policies = {}
    for item in _earlier_first(_with_drafts("policies")):
        links = {name: policies.get(item.get(name)) for name in ("replaces", "amends")}
        fields = {**_policy_fields(item), **links}
        policies[item["slug"]] = _save(Policy, item, fields, report)
    return policies


def _load_resources(report: LoadReport, policies: dict) -> dict[str, Resource]:
    resources = {}
    for item in _with_drafts("oer"):
        record = _save(Resource, item, _resource_fields(item), report)
        record.related_policies.set([policies[slug] for slug in item.get("related_policies", [])])
        resources[item["slug"]] = record
    return resources


def _load_case_studies(report: LoadReport, policies: dict, resources: dict) -> None:
    for item in _with_drafts("practices"):
        record = _save(CaseStudy, item, _case_study_fields(item), report)
        record.related_policies.set([policies[slug] for slug in item.get("related_policies", [])])
        record.related_resources.set([resources[slug] for slug in item.get("related_oer", [])])


def has_content() -> bool:
    """Whether the database holds a policy, case study or OER listing, or ever did: a
    deleted record leaves its history behind, so deleting every record is not mistaken
    for a database that never had any."""
    return any(m._base_manager.exists() or m.history.exists() for m in MODELS)


@transaction.atomic
def demo_load(*, if_empty: bool = False) -> LoadReport:
    """Load or refresh the demo content; returns what was created, updated or left alone.

    With `if_empty`, do nothing (`report.skipped`) when `has_content()`: only a database
    that has never held a record gets the demo, and no record is ever restored."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    if if_empty and has_content():
        return LoadReport(skipped=True)
    report = LoadReport()
    policies = _load_policies(report)
    resources = _load_resources(report, policies)
    _load_case_studies(report, policies, resources)
    return report


def demo_coverage() -> dict:
    """How many countries and regions the published demo policies cover."""
    slugs = [item["slug"] for item in _read("policies")]
    published = Policy.objects.published().filter(slug__in=slugs)
    countries = {code for codes in published.values_list("countries", flat=True) for code in codes}
    return {"countries": len(countries), "regions": len(regions_for(countries))}
