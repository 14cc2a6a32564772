"""Facet counts for the list pages: how many records each filter option would give.

Every facet is counted in ONE SQL statement (a UNION ALL of one grouped sub-select per
distinct filter, each counting the records' `facet_keys`: see facet_sql.py), so the
number of queries never depends on the options, the data or the page size.
Each branch reads the records filtered by every *other* filter (disjunctive faceting, so
ticking a second country widens the list as the count promised); conjunctive facets (tags,
all of) read the fully filtered records instead."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Expression, F, Func, TextField
from django.db.models.functions import Cast
from taggit.models import Tag

from . import generation
from .facet_sql import KEYS_COLUMN, ROLLUP_TABLE

# The tag facet lists the most used tags only: there can be thousands.
TAG_FACET_LIMIT = 30


@dataclass(frozen=True)
class Facet:
    """How to count one filter: `param` is the query parameter, `column` the model field;
    `shape` is "array" (unnest the PostgreSQL array), "single" (one value per record),
    "bool" (a flag), "tag" (tag names joined to their slugs) or "count" (no values: the
    number of records, as one row with no value)."""

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


def _filter_key(queryset):
    """Identifies the records a queryset selects, so that facets over the same records
    (every facet without a value chosen) share one scan of them."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return sql, repr(params)


@dataclass(frozen=True)
class Rollup:
    """Where the rollup (facet_sql.py) holds the counts of a branch's records: the kind's
    table, the anchor ('' for every published record, "countries=KE", "regions=africa")
    and the years (inclusive; NO_YEAR included only when no year is asked for)."""

    table: str
    anchor: str
    year_from: int
    year_to: int


def count_facets(branches, *, words=False) -> dict[str, list[tuple[str, str | None, int]]]:
    """Count every facet, in one statement at most. `branches` pairs each Facet with the
    queryset it counts over, and optionally a Rollup that holds the same counts ready
    (a sum over a few thousand rows instead of a count over every record: the broad
    lists). Returns {param: [(value, label, count), ...]}.

    The filtered records are a WITH query per distinct filter, scanned once however many
    facets read them; Django compiles them, so their values stay query parameters. The
    counts of each distinct filter are cached per content generation (generation.py):
    another page with the same filter (every list without filters, every country page
    chosen with the same tag, ...) reuses them, and a change of content makes new ones.

    `words`: the records are filtered by a full-text query (see WORDS_PLAN)."""
    found, groups = {}, {}
    for facet, queryset, *rollup in branches:
        found[facet.param] = []
        try:
            key = _filter_key(queryset)
        except EmptyResultSet:  # a filter that can match nothing: all counts are zero
            continue
        groups.setdefault(key, (queryset, [], rollup[0] if rollup else None))[1].append(facet)
    cache = generation.content_cache()
    current = generation.current()[0] if groups else None
    keys = {
        group: generation.content_key("facets", (group, facets), generation=current)
        for group, (_qs, facets, _rollup) in groups.items()
    }
    cached = cache.get_many(list(keys.values())) if keys else {}
    missing = {}
    for group, (queryset, facets, rollup) in groups.items():
        counts = cached.get(keys[group])
        if counts is None:
            missing[group] = (queryset, facets, rollup)
        else:
            found.update(counts)
    if missing:
        computed = _count_groups(missing, words=words)
        found.update(computed)
        cache.set_many(
            {
                keys[group]: {facet.param: computed[facet.param] for facet in facets}
                for group, (_qs, facets, _rollup) in missing.items()
            },
            settings.CONTENT_CACHE_SECONDS,
        )
    return found


class FacetKeys(Expression):
    """The row's `facet_keys` column (facet_sql.py), which the model does not declare."""

    output_field = ArrayField(TextField())

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{KEYS_COLUMN}", []


def _column_values(queryset, facet):
    """One facet's values, from its own column, as an array."""
    if facet.shape in ("array", "tag"):
        return F(facet.column)
    return Func(
        Cast(F(facet.column), TextField()),
        template="ARRAY[%(expressions)s]",
        output_field=ArrayField(TextField()),
    )


# Per distinct filter: its keys counted (one unnest, one hash aggregate, over the
# covering index when the filter allows), "_total=" once per record for the number found;
# tag names joined to their slugs after counting (a few hundred rows, not one per record).
# {prefix} names the column when the records give the values of one column only.
GROUP_SQL = """SELECT {index}, {prefix} || c.k, t.slug::text, c.n FROM (
  SELECT k, count(*) AS n FROM ({records}) s
  CROSS JOIN LATERAL unnest(s.keys{total}) k WHERE k IS NOT NULL GROUP BY k
) c LEFT JOIN {tags} t ON {prefix} || c.k = 'tag_names=' || t.name"""


# Per rolled-up group: the sums of its anchor's rows over the years asked for; with
# {only}, the keys of one column.
ROLLUP_SQL = """SELECT {index}, c.k, t.slug::text, c.n FROM (
  SELECT key AS k, sum(n)::bigint AS n FROM {rollup}
  WHERE kind = %s AND anchor = %s AND year BETWEEN %s AND %s{only}
  GROUP BY key HAVING sum(n) > 0
) c LEFT JOIN {tags} t ON c.k = 'tag_names=' || t.name"""


# Counting the matches of a full-text query reads every match; the planner, which does not
# price reading a record's search vector (4 KB, stored apart from the row), chose for a
# common word to scan every record and test its vector (0.3-0.8 s at 100k records) rather
# than to take the matches from the GIN index, which needs no vector (1.5-2.3 times
# faster, measured at scale M). Plans only: the counts are the same either way.
WORDS_PLAN = "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
WORDS_PLAN_UNDONE = "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_indexscan TO DEFAULT"


def fetch(sql: str, params, *, words=False) -> list[tuple]:
    """The rows of a statement; over the matches of words, planned with WORDS_PLAN. Sent as
    one string with it (psycopg2 sends a simple query): in autocommit the statement is its
    own transaction and the setting ends with it; inside an outer transaction (tests,
    commands, the admin) it would last until that ends, so it is undone at once."""
    with connection.cursor() as cursor:
        cursor.execute(WORDS_PLAN + sql if words else sql, params)
        rows = cursor.fetchall()
        if words and connection.in_atomic_block:
            cursor.execute(WORDS_PLAN_UNDONE)
    return rows


def _count_groups(groups, *, words=False) -> dict[str, list[tuple[str, str | None, int]]]:
    """One statement counting the facets of each (queryset, facets, rollup) group."""
    found = {facet.param: [] for _qs, facets, _rollup in groups.values() for facet in facets}
    selects, params, group_facets = [], [], []
    tags = connection.ops.quote_name(Tag._meta.db_table)
    for index, (queryset, facets, rollup) in enumerate(groups.values()):
        group_facets.append(facets)
        if rollup is not None:
            only, only_params = "", []
            if len(facets) == 1 and facets[0].shape == "count":  # the number found only
                only, only_params = " AND key = %s", ["_total="]
            elif len(facets) == 1:  # one column's keys
                column = queryset.model._meta.get_field(facets[0].column).column
                only, only_params = " AND starts_with(key, %s)", [f"{column}="]
            selects.append(
                ROLLUP_SQL.format(index=index, rollup=ROLLUP_TABLE, only=only, tags=tags)
            )
            params += [rollup.table, rollup.anchor, rollup.year_from, rollup.year_to]
            params += only_params
            continue
        if len(facets) == 1 and facets[0].shape != "count":
            # One facet (a disjunctive one, counted without its own filter; a column of
            # the home page): its column alone, not every key of every record.
            keys = _column_values(queryset, facets[0])
            prefix = "'" + queryset.model._meta.get_field(facets[0].column).column + "='"
            total = ""
        else:
            keys, prefix, total = FacetKeys(), "''", " || '_total='::text"
        records = queryset.order_by().annotate(keys=keys).values("keys")
        sql, query_params = records.query.sql_with_params()
        # Made of Django's compiled SQL and names from the models: values stay parameters.
        selects.append(
            GROUP_SQL.format(index=index, prefix=prefix, records=sql, total=total, tags=tags)
        )
        params.extend(query_params)
    rows = fetch(" UNION ALL ".join(selects), params, words=words)
    by_group = {}
    for index, key, slug, count in rows:
        column, _eq, value = key.partition("=")
        by_group.setdefault((index, column), []).append((value, slug, count))
    for index, facets in enumerate(group_facets):
        for facet in facets:
            counted = by_group.get(
                (index, facet.column if facet.shape != "count" else "_total"), []
            )
            found[facet.param] = _facet_rows(facet, counted)
    return found


def _facet_rows(facet, counted) -> list[tuple[str, str | None, int]]:
    if facet.shape == "count":
        return [(None, None, sum(count for _v, _s, count in counted))]
    if facet.shape == "tag":  # the most used tags, as (slug, name, count)
        tags = sorted(
            ((slug, name, count) for name, slug, count in counted if slug is not None),
            key=lambda row: (-row[2], row[1]),
        )
        return tags[:TAG_FACET_LIMIT]
    return [(value, None, count) for value, _slug, count in counted]
