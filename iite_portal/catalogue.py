"""What the three kinds of record hold together: counts per kind, country, region and tag,
each for all kinds in one SQL statement."""

from collections import Counter, defaultdict

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connection

from . import generation
from .facet_sql import NO_YEAR
from .facets import Facet, Rollup, count_facets
from .models import MAX_YEAR

# app label -> model, in the order pages show them.
KINDS = (("policies", "Policy"), ("practices", "CaseStudy"), ("oer", "Resource"))


def kind_models() -> dict:
    return {label: apps.get_model(label, name) for label, name in KINDS}


def published() -> dict:
    """app label -> queryset of its published records."""
    return {label: model.objects.published() for label, model in kind_models().items()}


def kind_counts(querysets: dict, anchor: str | None = None) -> dict[str, int]:
    """{kind: number of records} for several querysets, in one query, cached per content
    generation (generation.py); with `anchor`, read from the rollup (see _branches)."""
    if anchor is not None:
        facets = {label: Facet(label, "id", "count") for label in querysets}
        found = count_facets(_branches(facets, querysets, anchor))
        return {label: sum(count for _v, _l, count in found[label]) for label in querysets}
    parts, params, counts = [], [], dict.fromkeys(querysets, 0)
    for label, queryset in querysets.items():
        try:
            sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            continue
        parts.append(f"SELECT %s, count(*) FROM ({sql}) s")  # noqa: S608 -- Django's own SQL
        params += [label, *query_params]
    if parts:
        statement = " UNION ALL ".join(parts)
        counts.update(
            generation.content_cached(
                "counts", (statement, params), lambda: _run(statement, params)
            )
        )
    return counts


def _run(statement, params) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return dict(cursor.fetchall())


def _branches(facets: dict, querysets: dict, anchor: str | None) -> list[tuple]:
    """count_facets branches; with `anchor`, read from the rollup, which holds the counts
    of the published records of the anchor ('' for all, "regions=africa": the caller
    vouches that the querysets select exactly those)."""
    return [
        (facets[label], queryset)
        if anchor is None
        else (
            facets[label],
            queryset,
            Rollup(queryset.model._meta.db_table, anchor, NO_YEAR, MAX_YEAR),
        )
        for label, queryset in querysets.items()
    ]


def counts_by(
    column: str, querysets: dict, shape: str = "array", anchor: str | None = None
) -> dict[str, Counter]:
    """{value: Counter({kind: n})} of an array column (countries, regions) over the
    querysets of each kind, in one query (from the rollup with `anchor`: _branches)."""
    facets = {label: Facet(label, column, shape) for label in querysets}
    found = count_facets(_branches(facets, querysets, anchor))
    by_value = defaultdict(Counter)
    for label, rows in found.items():
        for value, _label, count in rows:
            by_value[value][label] += count
    return by_value


def top_tags(
    querysets: dict, limit: int = 24, anchor: str | None = None
) -> list[tuple[str, str, int]]:
    """(slug, name, records) of the most used tags across the kinds, in one query (from
    the rollup with `anchor`: _branches)."""
    facets = {label: Facet(label, "tag_names", "tag") for label in querysets}
    found = count_facets(_branches(facets, querysets, anchor))
    totals, names = Counter(), {}
    for rows in found.values():
        for slug, name, count in rows:
            totals[slug] += count
            names[slug] = name
    return [(slug, names[slug], count) for slug, count in totals.most_common(limit)]
