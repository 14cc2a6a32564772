"""Statistics of the published records: one aggregate query per chart.

Each chart counts one field of one kind of record. Fields holding a list (regions, levels,
target groups, languages, countries) are unnested in SQL, so a record counts once under
each of its values and PostgreSQL does the counting."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Func
from django.utils.translation import gettext_lazy as _

from oer.models import Resource
from policies.models import DocumentType, LegalStatus, Policy
from practices.models import CaseStudy, TargetGroup

from .charts import Datum
from .vocab import Isced, Licence, Region, language_label


def count_values(queryset, field: str) -> dict:
    """{value: number of records} for a single-valued field (None for records without)."""
    rows = queryset.order_by().values_list(field).annotate(n=Count("pk"))
    return dict(rows)


def count_unnested(queryset, field: str) -> dict:
    """{value: number of records having it} for an array field."""
    inner = queryset.order_by().annotate(
        _value=Func(
            F(field),
            function="unnest",
            output_field=queryset.model._meta.get_field(field).base_field,
        )
    )
    sql, params = inner.values("_value").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT v._value, COUNT(*) FROM ({sql}) v GROUP BY 1", params)  # noqa: S608 (Django-built SQL)
        return dict(cursor.fetchall())


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    model: type
    field: str
    category: str  # the name of the first column of the table and the CSV
    choices: tuple = ()  # fixed vocabulary: every value shown, zeros included, in order
    array: bool = False
    kind: str = "bars"  # or "years"

    def counts(self) -> dict:
        queryset = self.model.objects.published()
        if self.array:
            return count_unnested(queryset, self.field)
        return count_values(queryset, self.field)

    def data(self, counts: dict | None = None) -> list[Datum]:
        counts = self.counts() if counts is None else counts
        if self.kind == "years":
            years = [year for year in counts if year is not None]
            if not years:
                return []
            return [
                Datum(str(y), str(y), counts.get(y, 0)) for y in range(min(years), max(years) + 1)
            ]
        if self.choices:
            return [Datum(key, str(label), counts.get(key, 0)) for key, label in self.choices]
        data = [Datum(k, language_label(k), n) for k, n in counts.items() if k]
        return sorted(data, key=lambda d: (-d.value, d.label))

    def unknown(self, counts: dict) -> int:
        """Records counted nowhere in the chart (no year, no value)."""
        return counts.get(None, 0)


CHARTS = [
    Chart(
        "policies-by-region",
        _("Policies by UNESCO region"),
        _(
            "Published national policies per UNESCO region; a multi-country policy counts "
            "in each of its regions."
        ),
        Policy,
        "regions",
        _("Region"),
        tuple(Region.choices),
        array=True,
    ),
    Chart(
        "policies-by-year",
        _("Policies by year adopted"),
        _("Published policies from all countries by the year they were adopted."),
        Policy,
        "adopted_year",
        _("Year"),
        kind="years",
    ),
    Chart(
        "policies-by-type",
        _("Policies by document type"),
        _("Published policies by kind of document."),
        Policy,
        "document_type",
        _("Document type"),
        tuple(DocumentType.choices),
    ),
    Chart(
        "policies-by-legal-status",
        _("Policies by legal status"),
        _("Published policies by whether they are in force."),
        Policy,
        "legal_status",
        _("Legal status"),
        tuple(LegalStatus.choices),
    ),
    Chart(
        "case-studies-by-target-group",
        _("Good practices by target group"),
        _(
            "Published case studies by the learners they serve; a case study may serve "
            "several groups."
        ),
        CaseStudy,
        "target_groups",
        _("Target group"),
        tuple(TargetGroup.choices),
        array=True,
    ),
    Chart(
        "case-studies-by-level",
        _("Good practices by education level"),
        _("Published case studies by ISCED 2011 level; a case study may cover several."),
        CaseStudy,
        "levels",
        _("Education level"),
        tuple(Isced.choices),
        array=True,
    ),
    Chart(
        "oer-by-licence",
        _("Open resources by licence"),
        _("Published OER listings by licence."),
        Resource,
        "licence",
        _("Licence"),
        tuple(Licence.choices),
    ),
    Chart(
        "oer-by-language",
        _("Open resources by language"),
        _("Published OER listings by language; a resource may be in several."),
        Resource,
        "languages",
        _("Language"),
        array=True,
    ),
]
CHARTS_BY_SLUG = {chart.slug: chart for chart in CHARTS}


def policies_in_force_by_country() -> dict[str, int]:
    """{ISO2: number of published policies in force that concern the country}."""
    queryset = Policy.objects.published().filter(legal_status=LegalStatus.IN_FORCE)
    return count_unnested(queryset, "countries")
