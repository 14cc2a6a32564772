"""What the repository holds: identifiers, datestamps, sets, and the queries that select
the records of a harvest, a page at a time."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Prefetch

from iite_portal.models import Status
from iite_portal.vocab import Region
from oer.models import Resource
from policies.models import Policy
from practices.models import CaseStudy

# Harvest order: all case studies, then policies, then OER, each by primary key.
KINDS = {"practices": CaseStudy, "policies": Policy, "oer": Resource}
KIND_NAMES = {"practices": "Case studies", "policies": "Policies", "oer": "OER listings"}
# Withdrawn records stay visible to harvesters as deleted; drafts and reviews never show.
HARVESTABLE = [Status.PUBLISHED, Status.WITHDRAWN]
DATESTAMP = "%Y-%m-%dT%H:%M:%SZ"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$")


def repository_identifier(request) -> str:
    return settings.OAI_REPOSITORY_IDENTIFIER or request.get_host().rsplit(":", 1)[0]


def oai_identifier(request, record) -> str:
    return f"oai:{repository_identifier(request)}:{record._meta.app_label}/{record.slug}"


def find_record(request, identifier: str):
    """The harvestable record an identifier names, or None."""
    prefix = f"oai:{repository_identifier(request)}:"
    kind, _, slug = identifier.removeprefix(prefix).partition("/")
    if not identifier.startswith(prefix) or kind not in KINDS or not SLUG.match(slug):
        return None
    queryset = with_relations(kind, KINDS[kind].objects.filter(status__in=HARVESTABLE))
    return queryset.filter(slug=slug).first()


def earliest_change():
    """The oldest datestamp in the repository, None while it is empty."""
    stamps = (
        model.objects.filter(status__in=HARVESTABLE).aggregate(oldest=Min("updated_at"))["oldest"]
        for model in KINDS.values()
    )
    return min((stamp for stamp in stamps if stamp), default=None)


def datestamp(record) -> str:
    return record.updated_at.strftime(DATESTAMP)


@dataclass(frozen=True)
class OaiSet:
    spec: str
    name: str
    kinds: tuple[str, ...] = tuple(KINDS)
    region: str | None = None  # a region slug, "*" for any region, None for no condition

    def filter(self, queryset):
        if self.region == "*":
            return queryset.exclude(regions=[])
        return queryset.in_region(self.region) if self.region else queryset


def all_sets() -> list[OaiSet]:
    """Kinds, UNESCO regions (region:<slug>) and kinds within a region (<kind>:<slug>)."""
    sets = [OaiSet(kind, name, kinds=(kind,)) for kind, name in KIND_NAMES.items()]
    sets.append(OaiSet("region", "Records by UNESCO region", region="*"))
    for region in Region:
        sets.append(OaiSet(f"region:{region.value}", f"{region.label}", region=region.value))
        sets.extend(
            OaiSet(f"{kind}:{region.value}", f"{name}: {region.label}", (kind,), region.value)
            for kind, name in KIND_NAMES.items()
        )
    return sets


def find_set(spec: str) -> OaiSet | None:
    return next((oai_set for oai_set in all_sets() if oai_set.spec == spec), None)


def set_specs(record) -> list[str]:
    kind = record._meta.app_label
    return [
        kind,
        *(f"{kind}:{r}" for r in record.regions),
        *(f"region:{r}" for r in record.regions),
    ]


def with_relations(kind: str, queryset):
    """Load what the Dublin Core relations need in a fixed number of queries."""
    public_policies = Prefetch("related_policies", Policy.objects.published().only("slug"))
    if kind == "policies":
        return queryset.select_related("amends", "replaces", "implements")
    if kind == "practices":
        public_oer = Prefetch("related_resources", Resource.objects.published().only("slug"))
        return queryset.prefetch_related(public_policies, public_oer)
    return queryset.prefetch_related(public_policies)


@dataclass(frozen=True)
class Harvest:
    """The selection of one ListRecords/ListIdentifiers request and its resumptions."""

    oai_set: OaiSet | None = None
    since: object = None  # aware datetimes: updated_at >= since, updated_at < before
    before: object = None

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.oai_set.kinds if self.oai_set else tuple(KINDS)

    def queryset(self, kind: str):
        queryset = KINDS[kind].objects.filter(status__in=HARVESTABLE)
        if self.oai_set:
            queryset = self.oai_set.filter(queryset)
        if self.since:
            queryset = queryset.filter(updated_at__gte=self.since)
        if self.before:
            queryset = queryset.filter(updated_at__lt=self.before)
        return queryset

    def size(self) -> int:
        return sum(self.queryset(kind).count() for kind in self.kinds)

    def page(self, *, kind: str | None, after_pk: int, size: int):
        """Up to `size` records after (kind, pk), in harvest order. Keyset paging: records
        changed during a harvest keep their place, so none is skipped or sent twice."""
        kinds = self.kinds[self.kinds.index(kind) :] if kind in self.kinds else self.kinds
        records = []
        for current in kinds:
            if len(records) >= size:
                break
            queryset = self.queryset(current).order_by("pk")
            if current == kind:
                queryset = queryset.filter(pk__gt=after_pk)
            records += with_relations(current, queryset)[: size - len(records)]
        return records
