"""Full-text search engine shared by the search page and the list pages' `q` filter.

Each record table has a `search_vector` column that a trigger keeps (see
`iite_portal/search_sql.py` and the migrations); it is not a model field, so Django never
loads nor writes it. A query is read with the syntax of `websearch_to_tsquery` (words all
must match, "a phrase", `or`, `-word`) and every term becomes `iite_term_query(term)`: the
term parsed in every language configuration and as written, OR-ed. The whole query is one
constant tsquery, so the GIN index answers it and `-word` excludes every form of the word.
A term that names a country, in any of the six UN languages, also matches the records of
that country."""

import datetime as dt
import functools
import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Lower
from django.utils import translation
from django.utils.safestring import SafeString

# Must name the configurations that migration iite_portal 0003 creates.
SEARCH_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "de": "german",
    "pt": "portuguese",
    "it": "italian",
}
UN_LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-hans")

# Longer input is cut: nobody types more, and each term costs a parse per configuration.
MAX_QUERY_CHARS = 500
MAX_TERMS = 24
COUNTRY_NAME_MAX_WORDS = 6

# ts_headline marks matches with these private-use characters; the text is then
# HTML-escaped and only they become <mark> tags (they are stripped from the text first).
START, STOP = "\ue000", "\ue001"


# --- reading the query ------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False
    country: str | None = None  # ISO code when the term names a country


def normalise(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive form, for comparing country names."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


@functools.cache
def country_names() -> dict[str, str]:
    """Normalised country name in each UN language -> ISO 3166-1 code."""
    import pycountry
    from django_countries import countries

    names = {}
    for language in UN_LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                names.setdefault(normalise(str(name)), code)
    for country in pycountry.countries:  # UN-style official names: "Russian Federation"
        for attr in ("official_name", "common_name", "name"):
            if hasattr(country, attr):
                names.setdefault(normalise(getattr(country, attr)), country.alpha_2)
    return names


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def clean(text) -> str:
    """The query as text PostgreSQL accepts: no NUL, no lone surrogates, bounded."""
    text = str(text or "").replace("\x00", " ")
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:MAX_QUERY_CHARS]


def parse_query(text) -> list[list[Term]]:
    """websearch syntax -> groups joined by OR, each a list of terms that must all hold."""
    groups, current, pending_or = [], [], False
    for match in _TOKEN.finditer(clean(text)):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.lower() == "or":
            pending_or = bool(current)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        body = (phrase if phrase is not None else word).strip()
        if not body or body == "-":
            continue
        if pending_or:
            groups.append(current)
            current, pending_or = [], False
        current.append(Term(body, negated=bool(negated)))
    if current:
        groups.append(current)
    return [_with_countries(group) for group in groups]


def _with_countries(terms: list[Term]) -> list[Term]:
    """Join runs of plain words that spell a country name ("Costa de Marfil") into one term
    that also carries the country's code."""
    names, out, i = country_names(), [], 0
    while i < len(terms):
        for size in range(min(COUNTRY_NAME_MAX_WORDS, len(terms) - i), 0, -1):
            run = terms[i : i + size]
            if size > 1 and any(t.negated != run[0].negated or " " in t.text for t in run):
                continue
            code = names.get(normalise(" ".join(t.text for t in run)))
            if code:
                out.append(Term(" ".join(t.text for t in run), run[0].negated, code))
                i += size
                break
        else:
            out.append(terms[i])
            i += 1
    return out


def query_words(groups) -> list[str]:
    """The plain words of the terms that must match (for suggestions)."""
    return [w for group in groups for t in group if not t.negated for w in t.text.split()]


# --- the tsquery as SQL -----------------------------------------------------------------


def _term_sql(term: Term) -> tuple[str, list]:
    if term.country:
        lexeme = f"'iso3166:{term.country.lower()}'"  # as iite_country_vector writes it
        return "(iite_term_query(%s) || %s::tsquery)", [term.text, lexeme]
    return "iite_term_query(%s)", [term.text]


def compile_query(groups) -> tuple[str, list] | None:
    """SQL of one tsquery for the parsed query, or None when it has no terms."""
    group_sql, params, count = [], [], 0
    for group in groups:
        parts = []
        for term in group[: max(MAX_TERMS - count, 0)]:
            sql, term_params = _term_sql(term)
            parts.append(f"!!{sql}" if term.negated else sql)
            params += term_params
            count += 1
        if parts:
            group_sql.append("(" + " && ".join(parts) + ")")
    if not group_sql:
        return None
    return "(" + " || ".join(group_sql) + ")", params


def compiled_query(text) -> tuple[str, tuple] | None:
    """compile_query(parse_query(text)), worked out once per text: one search page needs
    it for each kind, the plan, the snippets and the suggestion."""
    return _compiled_query(clean(text))  # cleaned first: bounded, hashable keys


@functools.lru_cache(maxsize=512)
def _compiled_query(text: str) -> tuple[str, tuple] | None:
    compiled = compile_query(parse_query(text))
    return None if compiled is None else (compiled[0], tuple(compiled[1]))


class TsQuery(Expression):
    """A compiled query as an expression (its SQL is constant, folded once per query)."""

    output_field = SearchQueryField()

    def __init__(self, sql: str, params):
        super().__init__()
        self.sql, self.params = sql, tuple(params)

    def as_sql(self, compiler, connection):
        return self.sql, list(self.params)


class SearchVectorColumn(Expression):
    """The row's `search_vector` column, which the model does not declare."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


class Matches(Func):
    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()
    conditional = True


def search_queryset(qs, text, *, language=None):
    """`qs` filtered by the query and annotated with `rank`; nothing for an empty query.

    `language` is accepted for callers that know the reader's language; every configuration
    is already consulted, so it does not narrow the match."""
    compiled = compiled_query(text)
    if compiled is None:  # nothing searchable ("-", quotes only): no match, same shape
        return qs.none().annotate(rank=Value(0.0, output_field=FloatField()))
    query = TsQuery(*compiled)
    rank = Func(
        SearchVectorColumn(),
        query,
        Coalesce(F("published_at"), F("created_at")),
        function="iite_search_rank",
        output_field=FloatField(),
    )
    return qs.filter(Matches(SearchVectorColumn(), query)).annotate(rank=rank)


# --- snippets ---------------------------------------------------------------------------

# Model label -> the texts a snippet is taken from (the summary first, so that a record
# matched by its title or country shows its summary).
SNIPPET_FIELDS = {
    "practices.casestudy": [
        "summary",
        "context",
        "approach",
        "implementation",
        "monitoring",
        "impact",
        "costs",
        "challenges",
        "lessons",
        "sustainability",
    ],
    "policies.policy": ["summary", "document_text"],
    "oer.resource": ["summary"],
}

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# iite_cjk_split put a space after each Chinese or Japanese character; take it out again.
_CJK_GAP = re.compile(f"([{_CJK}]{STOP}?) (?={START}?[{_CJK}])")


def snippet_html(headline: str) -> SafeString:
    """ts_headline output -> HTML: everything escaped, only our markers become <mark>."""
    text = _CJK_GAP.sub(r"\1", headline or "").replace(STOP + START, "")
    text = html.escape(text, quote=False)
    return SafeString(text.replace(START, "<mark>").replace(STOP, "</mark>"))


# {body}, {table}: names from SNIPPET_FIELDS and the models, never from the request;
# {query}: the compiled tsquery, whose values are parameters.
SNIPPET_SQL = """SELECT %s, id, ts_headline(iite_ts_config(language),
  iite_cjk_split(translate(iite_snippet_window({body}, {query}), %s, '')), {query}, %s)
FROM {table} WHERE id = ANY(%s)"""


def _snippet_select(model, ids, query_sql, query_params) -> tuple[str, list]:
    fields = SNIPPET_FIELDS[model._meta.label_lower]
    # The summary in the reader's language, when translated, comes before the original.
    # (The language is one of UN_LANGUAGES, never request input.)
    lang = translation.get_language()
    translated = f"i18n->>'summary_{lang.replace('-', '_')}'" if lang in UN_LANGUAGES else "NULL"
    body = "concat_ws(E'\\n', " + ", ".join([translated, *(f'"{f}"' for f in fields)]) + ")"
    sql = SNIPPET_SQL.format(body=body, query=query_sql, table=model._meta.db_table)
    params = [
        model._meta.label_lower,
        *query_params,  # iite_snippet_window's query
        START + STOP,
        *query_params,  # ts_headline's query
        HEADLINE_OPTIONS,
        list(ids),
    ]
    return sql, params


HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15, "
    'MaxFragments=1, FragmentDelimiter=" … "'
)


def add_snippets(objects, text) -> None:
    """Set `obj.snippet` (safe HTML) on the records shown, in one query by id list: the
    headline is computed for these rows only, never for every match."""
    objects = list(objects)
    compiled = compiled_query(text)
    by_model = {}
    for obj in objects:
        obj.snippet = None
        by_model.setdefault(type(obj), []).append(obj.pk)
    if compiled is None or not objects:
        return
    selects, params = [], []
    for model, ids in by_model.items():
        sql, select_params = _snippet_select(model, ids, *compiled)
        selects.append(sql)
        params += select_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        found = {(label, pk): headline for label, pk, headline in cursor.fetchall()}
    for obj in objects:
        headline = found.get((obj._meta.label_lower, obj.pk))
        obj.snippet = snippet_html(headline) if headline else None


# --- "Did you mean ...?" ----------------------------------------------------------------

SUGGESTION_SQL = """
SELECT u.w,
       EXISTS (SELECT 1 FROM iite_portal_searchterm t WHERE t.word = u.w),
       (SELECT t.word FROM iite_portal_searchterm t WHERE t.word %% u.w
        ORDER BY similarity(t.word, u.w) DESC, t.word LIMIT 1)
FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, i) ORDER BY u.i
"""


def suggest(text) -> str | None:
    """The query with each unknown word replaced by the closest known one (trigram
    similarity over titles, tags and country names), or None when nothing changes."""
    words = [w.lower() for w in query_words(parse_query(text)) if len(w) >= 3][:MAX_TERMS]
    words = [re.sub(r"[^\w]+", "", w) for w in words]
    words = [w for w in words if len(w) >= 3]
    if not words:
        return None
    with connection.cursor() as cursor:
        cursor.execute(SUGGESTION_SQL, [words])
        replacements = {w: best for w, known, best in cursor.fetchall() if not known and best}
    if not replacements:
        return None
    suggestion = clean(text)
    for word, best in replacements.items():
        suggestion = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", best, suggestion, flags=re.I)
    return suggestion if suggestion != clean(text) else None


def search_terms_add_country_names(search_term_model) -> None:
    """Add the words of every country name, in the six UN languages, to the word list."""
    words = {
        word
        for name in country_names()
        for word in re.split(r"[^\w]+", name)
        if 3 <= len(word) <= 60
    }
    search_term_model.objects.bulk_create(
        [search_term_model(word=w) for w in sorted(words)], ignore_conflicts=True
    )


# --- searching the three kinds together (the search page) -------------------------------

# URL value of the kind facet -> model label.
KINDS = {"practices": "practices.CaseStudy", "policies": "policies.Policy", "oer": "oer.Resource"}
SORTS = {
    "relevance": ("-rank", "-published_at", "kind", "-pk"),
    "newest": ("-published_at", "kind", "-pk"),
    "title": ("sort_title", "kind", "pk"),
}


def kind_models() -> dict:
    from django.apps import apps

    return {kind: apps.get_model(label) for kind, label in KINDS.items()}


# A query can match most of the catalogue ("teacher training"): then ranking, sorting and
# counting every match would read every record's search vector (~2 s at 300k records).
# The search page considers the MATCH_LIMIT most recent matches of each kind, ranks only
# those, and says "more than" when there are more (search_views.py).
MATCH_LIMIT = 500
# Calibrated at scale M (300k records) on the 50 benchmark queries: the walk of
# newest_first_plans reads about limit × records / matches rows, each with its vector,
# while the index path fetches every match; with the planner's estimates, the index path
# was the faster one wherever estimate² < 1.3-2.4 × limit × records and the walk wherever
# it was above 5.8 × (both bounds over the three kinds): 4 sits between.
INDEX_FACTOR = 4


def filtered(
    model,
    *,
    q="",
    country="",
    region="",
    tag="",
    year_from=None,
    year_to=None,
    limit=None,
    through_index=False,
):
    """Published records of one kind with the common filters and the query applied; with
    `limit`, only that many of the most recent matches (when there is a query), found by
    `through_index` (see newest_first_plans) or else through the newest-first walk."""
    qs = _filtered(model, country, region, tag, year_from, year_to)
    if q.strip() and compiled_query(q) is None:  # only signs, no word: nothing
        return qs.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if q.strip():
        if limit is not None:
            newest = qs.search(q).order_by(*newest_order(through_index)).values("pk")[:limit]
            return model.objects.filter(pk__in=Subquery(newest)).search(q)
        return qs.search(q)
    return qs.annotate(rank=Value(0.0, output_field=FloatField()))


def newest_order(through_index: bool):
    """Newest first. Through the GIN index, the order is an expression the newest-first
    B-tree cannot give, so that the planner has to find the matches first and sort them."""
    if through_index:
        shifted = ExpressionWrapper(
            F("published_at") + Value(dt.timedelta(0)), output_field=DateTimeField()
        )
        return (shifted.desc(), F("id").desc())
    return ("-published_at", "-id")


def _filtered(model, country="", region="", tag="", year_from=None, year_to=None):
    qs = model.objects.published()
    if country:
        qs = qs.for_country(country)
    if region:
        qs = qs.in_region(region)
    if tag:
        qs = qs.tagged(tag)
    if year_from is not None:
        qs = qs.filter(**{f"{model.year_field}__gte": year_from})
    if year_to is not None:
        qs = qs.filter(**{f"{model.year_field}__lte": year_to})
    return qs


def newest_first_plans(kinds, *, limit, q="", **filters) -> dict[str, bool]:
    """For each kind, whether to find its `limit` newest matches through the GIN index
    (True) rather than by walking the records newest first and testing each (False).

    The walk stops after `limit` matches: cheap when most records match, but it reads
    limit / share records, each with its search vector, so a query matching 1 record in 20
    reads 10,000 vectors. The index finds every match at once, then they are sorted: cheap
    when few match, dear when most do. PostgreSQL's cost model prices both as if reading a
    vector cost nothing, and picks the walk far too often (2 s at 300k records). From the
    planner's own estimates of matches and of records (one EXPLAIN, no rows read), take
    the cheaper path: the index when matches² < INDEX_FACTOR × limit × records."""
    if not q.strip() or compiled_query(q) is None:
        return dict.fromkeys(kinds, False)
    models, selects, params = kind_models(), [], []
    try:
        for kind in kinds:
            base = _filtered(models[kind], **filters)
            for qs in (base.search(q), base):
                sql, query_params = qs.order_by().values("pk").query.sql_with_params()
                selects.append(f"({sql})")
                params += query_params
    except EmptyResultSet:  # a filter that can match nothing: no path reads anything
        return dict.fromkeys(kinds, True)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + " UNION ALL ".join(selects), params)
        plan = cursor.fetchone()[0][0]["Plan"]
    branches = plan.get("Plans", [plan]) if plan.get("Node Type") == "Append" else [plan]
    rows = [branch.get("Plan Rows", 0) for branch in branches]
    if len(rows) != 2 * len(kinds):  # a branch folded away (a filter matching nothing)
        return dict.fromkeys(kinds, True)
    return {
        kind: index_is_cheaper(rows[2 * i], limit=limit, records=rows[2 * i + 1])
        for i, kind in enumerate(kinds)
    }


def index_is_cheaper(matches, *, limit: int, records) -> bool:
    """Whether `limit` newest of `matches` among `records` are better found through the GIN
    index than by the newest-first walk (newest_first_plans)."""
    return matches**2 < INDEX_FACTOR * limit * max(records, 1)


def _rows(kind, qs):
    return (
        qs.order_by()
        .annotate(kind=Value(kind), sort_title=Lower("title"))
        .values("kind", "pk", "rank", "published_at", "sort_title")
    )


def _newest_matches_sql(kinds, *, limit, plans, q, sort="newest", shown=(), **filters):
    """SQL of each kind's `limit` + 1 most recent matches, newest first, found as `plans`
    says (newest_first_plans), as rows (kind, pk, published_at, rank, sort_title): the
    kinds `shown` get the key `sort` needs (relevance or title; the others 0 and ''), so
    that no second query has to read their rows again. None when nothing can match."""
    models, parts = kind_models(), []
    for kind in kinds:
        matches = _filtered(models[kind], **filters).search(q)
        unranked = Cast(Value(0.0), FloatField())
        rank = F("rank") if sort == "relevance" and kind in shown else unranked
        title = Lower("title") if sort == "title" and kind in shown else Value("")
        parts.append(
            matches.order_by(*newest_order(plans.get(kind)))
            .annotate(
                kind=Value(kind),
                score=ExpressionWrapper(rank, output_field=FloatField()),
                sort_key=ExpressionWrapper(title, output_field=CharField()),
            )
            .values_list("kind", "pk", "published_at", "score", "sort_key")[: limit + 1]
        )
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    try:
        return union.query.sql_with_params()
    except EmptyResultSet:  # a filter or query that can match nothing
        return None


# The order of a page of search results, as SORTS says, over the columns of
# _newest_matches_sql (rank: its "score", title: its "sort_key").
PAGE_ORDER = {
    "relevance": "score DESC, published_at DESC, kind, pk DESC",
    "newest": "published_at DESC, kind, pk DESC",
    "title": "sort_key, kind, pk",
}


def matches_page(*, shown, sort, limit, offset, size, plans, q, **filters):
    """One query for a page of search results: each kind's newest matches (at most `limit`
    + 1, found as `plans` says) are counted per kind, and the `size` rows from `offset`
    among the first `limit` of each kind in `shown` are ranked and ordered by `sort`
    (PAGE_ORDER, the order search_rows gives). Returns ({kind: count}, [{kind, pk,
    rank}, ...]); a count above `limit` means "more than"."""
    compiled = _newest_matches_sql(
        list(KINDS), limit=limit, plans=plans, q=q, sort=sort, shown=shown, **filters
    )
    counts = dict.fromkeys(KINDS, 0)
    if compiled is None:
        return counts, []
    sql = f"""
WITH found (kind, pk, published_at, score, sort_key) AS MATERIALIZED ({compiled[0]}),
newest AS (SELECT *, row_number() OVER (PARTITION BY kind ORDER BY published_at DESC, pk DESC)
           AS nth FROM found)
(SELECT kind, pk, score, NULL::bigint FROM newest WHERE nth <= %s AND kind = ANY(%s)
 ORDER BY {PAGE_ORDER[sort]} LIMIT %s OFFSET %s)
UNION ALL
(SELECT kind, NULL, NULL, count(*) FROM found GROUP BY kind)"""  # noqa: S608
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*compiled[1], limit, list(shown), size, offset])
        for kind, pk, rank, count in cursor.fetchall():
            if count is None:
                rows.append({"kind": kind, "pk": pk, "rank": rank})
            else:
                counts[kind] = count
    return counts, rows


def search_rows(*, kinds, sort="relevance", limit=None, plans=None, **filters):
    """One ordered queryset of {kind, pk, rank, ...} rows over the chosen kinds: the
    paginator slices it in SQL (a UNION ALL of the three tables). With `limit`, each kind
    gives only its `limit` most recent matches, found as `plans` says (newest_first_plans).
    The search page without words uses it; with words, matches_page gives the same rows."""
    models, plans = kind_models(), plans or {}
    parts = [
        _rows(kind, filtered(models[kind], limit=limit, through_index=plans.get(kind), **filters))
        for kind in kinds
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by(*SORTS.get(sort, SORTS["relevance"]))


def kind_counts(limit=None, plans=None, **filters) -> dict[str, int]:
    """Matches per kind, in one query, for the kind facet; with `limit`, counted up to
    `limit` + 1 only (more than `limit`: the exact number is not needed)."""
    models, plans = kind_models(), plans or {}
    limit = None if limit is None else limit + 1
    parts = [
        filtered(models[kind], limit=limit, through_index=plans.get(kind), **filters)
        .order_by()
        .annotate(kind=Value(kind))
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
        for kind in KINDS
    ]
    counts = dict(parts[0].union(*parts[1:], all=True))
    return {kind: counts.get(kind, 0) for kind in KINDS}


def records_for_rows(rows) -> list:
    """The records of a page of rows, in the rows' order, one query per kind present."""
    models, wanted = kind_models(), {}
    for row in rows:
        wanted.setdefault(row["kind"], []).append(row["pk"])
    found = {
        (kind, pk): obj
        for kind, pks in wanted.items()
        for pk, obj in models[kind]._default_manager.for_cards().in_bulk(pks).items()
    }
    records = []
    for row in rows:
        obj = found.get((row["kind"], row["pk"]))
        if obj is not None:
            obj.kind, obj.rank = row["kind"], row["rank"]
            records.append(obj)
    return records


def suggest_more(*, kinds, found: int, q: str, **filters) -> str | None:
    """A spelling suggestion for `q`, kept only if it finds more than the `found` records
    that `q` found with the same filters."""
    suggestion = suggest(q)
    if suggestion and search_rows(kinds=kinds, q=suggestion, **filters).count() > found:
        return suggestion
    return None


@transaction.atomic
def search_terms_rebuild() -> int:
    """Rebuild the suggestion word list from the current titles, tags and country names,
    dropping words no record uses any more; returns the number of words."""
    from .models import SearchTerm

    SearchTerm.objects.all().delete()
    search_terms_add_country_names(SearchTerm)
    with connection.cursor() as cursor:
        for model in kind_models().values():
            table = model._meta.db_table
            title_columns = "title, original_title" if table == "policies_policy" else "title"
            title_columns += "".join(
                f", i18n->>'title_{code.replace('-', '_')}'" for code in UN_LANGUAGES
            )
            cursor.execute(
                f"SELECT iite_search_terms_add(concat_ws(' ', {title_columns}, "  # noqa: S608
                f"array_to_string(tag_names, ' '))) FROM {table}"
            )
    return SearchTerm.objects.count()
