"""Facet counts for the list pages: how many records each filter option would give.

Every facet is counted in ONE SQL statement (a UNION ALL of one grouped sub-select per
facet), so the number of queries never depends on the options, the data or the page size.
Each branch reads the records filtered by every *other* filter (disjunctive faceting, so
ticking a second country widens the list as the count promised); conjunctive facets (tags,
all of) read the fully filtered records instead."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from taggit.models import Tag

from . import generation

# The tag facet lists the most used tags only: there can be thousands.
TAG_FACET_LIMIT = 30


@dataclass(frozen=True)
class Facet:
    """How to count one filter: `param` is the query parameter, `column` the model field;
    `shape` is "array" (unnest the PostgreSQL array), "single" (one value per record),
    "bool" (a flag) or "tag" (tag names joined to their slugs)."""

    param: str
    column: str
    shape: str = "single"
    # Conjunctive facets (all of) count within the full filter, not without their own.
    conjunctive: bool = False
    # "label" sorts options by their label (countries, languages), "count" by count,
    # otherwise they follow the order of the choices.
    order: str = "choices"


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetResult:
    param: str
    label: str
    options: list[Option] = field(default_factory=list)
    multiple: bool = True

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)

    @property
    def visible_options(self) -> list[Option]:
        """Options that would give records, and selected ones (so they can be unticked)."""
        return [option for option in self.options if option.count or option.selected]


def _branch(facet: Facet, source: str, column: str, quote) -> str:
    """SQL counting one facet over the rows of `source` (a WITH query): rows of
    (facet, value, label, n). Made only of quoted names from the models, never of request
    input (the facet's name is a parameter): hence the S608 exemptions."""
    col = f"s.{quote(column)}"
    if facet.shape == "array":
        return (
            f"SELECT %s, v::text, NULL::text, count(*) FROM {source} s "  # noqa: S608
            f"CROSS JOIN LATERAL unnest({col}) v GROUP BY v"
        )
    if facet.shape == "tag":
        return (
            f"(SELECT %s, t.slug::text, t.name::text, count(*) FROM {source} s "  # noqa: S608
            f"CROSS JOIN LATERAL unnest({col}) v JOIN {quote(Tag._meta.db_table)} t "
            f"ON t.name = v GROUP BY t.slug, t.name ORDER BY count(*) DESC, t.name "
            f"LIMIT {TAG_FACET_LIMIT})"
        )
    # A single value, or a flag.
    return (
        f"SELECT %s, {col}::text, NULL::text, count(*) FROM {source} s "  # noqa: S608
        f"WHERE {col} IS NOT NULL GROUP BY {col}"
    )


def _filter_key(queryset):
    """Identifies the records a queryset selects, so that facets over the same records
    (every facet without a value chosen) share one scan of them."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, repr(params)


def count_facets(branches) -> dict[str, list[tuple[str, str | None, int]]]:
    """Count every facet, in one statement at most. `branches` pairs each Facet with the
    queryset it counts over. Returns {param: [(value, label, count), ...]}.

    The filtered records are a WITH query per distinct filter, scanned once however many
    facets read them; Django compiles them, so their values stay query parameters. The
    counts of each distinct filter are cached per content generation (generation.py):
    another page with the same filter (every list without filters, every country page
    chosen with the same tag, ...) reuses them, and a change of content makes new ones."""
    found, groups = {}, {}
    for facet, queryset in branches:
        found[facet.param] = []
        try:
            key = _filter_key(queryset)
        except EmptyResultSet:  # a filter that can match nothing: all counts are zero
            continue
        groups.setdefault(key, (queryset, []))[1].append(facet)
    cache = generation.content_cache()
    keys = {
        group: generation.content_key("facets", (group, facets))
        for group, (_qs, facets) in groups.items()
    }
    cached = cache.get_many(list(keys.values())) if keys else {}
    missing = {}
    for group, (queryset, facets) in groups.items():
        counts = cached.get(keys[group])
        if counts is None:
            missing[group] = (queryset, facets)
        else:
            found.update(counts)
    if missing:
        computed = _count_groups(missing)
        found.update(computed)
        cache.set_many(
            {
                keys[group]: {facet.param: computed[facet.param] for facet in facets}
                for group, (_qs, facets) in missing.items()
            },
            settings.CONTENT_CACHE_SECONDS,
        )
    return found


def _count_groups(groups) -> dict[str, list[tuple[str, str | None, int]]]:
    """One statement counting the facets of each (queryset, facets) group."""
    found = {facet.param: [] for _qs, facets in groups.values() for facet in facets}
    quote = connection.ops.quote_name
    ctes, parts, params, branch_params = [], [], [], []
    for index, (queryset, facets) in enumerate(groups.values()):
        fields = sorted({facet.column for facet in facets})
        sql, query_params = queryset.order_by().values(*fields).query.sql_with_params()
        materialized = "MATERIALIZED " if len(facets) > 1 else ""
        ctes.append(f"f{index} AS {materialized}({sql})")
        params.extend(query_params)
        for facet in facets:
            column = queryset.model._meta.get_field(facet.column).column
            parts.append(_branch(facet, f"f{index}", column, quote))
            branch_params.append(facet.param)
    statement = f"WITH {', '.join(ctes)} " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *branch_params])
        for param, value, label, count in cursor.fetchall():
            found[param].append((value, label, count))
    return found
