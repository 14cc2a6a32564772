"""Facet counts for the list pages: how many records each filter option would give.

Every facet is counted in ONE SQL statement (a UNION ALL of one grouped sub-select per
facet), so the number of queries never depends on the options, the data or the page size.
Each branch reads the records filtered by every *other* filter (disjunctive faceting, so
ticking a second country widens the list as the count promised); conjunctive facets (tags,
all of) read the fully filtered records instead."""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from taggit.models import Tag

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


def _branch(facet: Facet, queryset, quote) -> tuple[str, list]:
    """SQL and params counting one facet over `queryset`: rows of (facet, value, label, n).
    The SQL is made of Django's compiled query (its values stay parameters) and quoted
    column names from the model, never of request input: hence the S608 exemptions."""
    column = queryset.model._meta.get_field(facet.column).column
    sql, params = queryset.order_by().values(facet.column).query.sql_with_params()
    col = f"s.{quote(column)}"
    if facet.shape == "array":
        select = (
            f"SELECT %s, v::text, NULL::text, count(*) FROM ({sql}) s "  # noqa: S608
            f"CROSS JOIN LATERAL unnest({col}) v GROUP BY v"
        )
    elif facet.shape == "tag":
        select = (
            f"(SELECT %s, t.slug::text, t.name::text, count(*) FROM ({sql}) s "  # noqa: S608
            f"CROSS JOIN LATERAL unnest({col}) v JOIN {quote(Tag._meta.db_table)} t "
            f"ON t.name = v GROUP BY t.slug, t.name ORDER BY count(*) DESC, t.name "
            f"LIMIT {TAG_FACET_LIMIT})"
        )
    else:  # single value or flag
        select = (
            f"SELECT %s, {col}::text, NULL::text, count(*) FROM ({sql}) s "  # noqa: S608
            f"WHERE {col} IS NOT NULL GROUP BY {col}"
        )
    return select, [facet.param, *params]


def count_facets(branches) -> dict[str, list[tuple[str, str | None, int]]]:
    """Run every facet in one statement. `branches` pairs each Facet with the queryset it
    counts over. Returns {param: [(value, label, count), ...]}."""
    parts, params, found = [], [], {}
    for facet, queryset in branches:
        found[facet.param] = []
        try:
            sql, branch_params = _branch(facet, queryset, connection.ops.quote_name)
        except EmptyResultSet:  # a filter that can match nothing: all counts are zero
            continue
        parts.append(sql)
        params.extend(branch_params)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for param, value, label, count in cursor.fetchall():
                found[param].append((value, label, count))
    return found
