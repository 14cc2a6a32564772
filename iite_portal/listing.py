"""The list and detail views the three kinds of record share (one copy, not three)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Subquery
from django.http import QueryDict
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from . import catalogue
from .search import MATCH_LIMIT, index_is_cheaper, newest_order
from .tags import tag_links

# How many records a "more like this" box shows, chosen among how many recent candidates
# per shared trait (tags, countries, levels).
SIMILAR_COUNT = 4
SIMILAR_CANDIDATES = 200


def querystring_without(querydict, param, value=None) -> str:
    """The query string with one filter value (or the whole parameter) removed, and the
    page dropped: removing a filter starts from the first page again."""
    params = querydict.copy()
    params.pop("page", None)
    if value is None or param in ("q", "year_from", "year_to"):
        params.pop(param, None)
    else:
        kept = [raw for raw in params.getlist(param) if raw.strip().casefold() != value.casefold()]
        params.setlist(param, kept)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def filter_chips(filterset, querydict) -> list[dict]:
    """One chip per active filter value, each linking to the list without it."""
    return [
        {
            "param": param,
            "group": group,
            "label": label,
            "remove_url": querystring_without(querydict, param, value),
        }
        for param, value, group, label in filterset.active_filters()
    ]


class CountedPaginator(Paginator):
    """A paginator told the number of items (counted with the facets), so that it does
    not count them again."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count


class RelevanceWindow:
    """The matches of a search, sorted by relevance, when there are more than `window`: the
    `window` most recent are ranked, best first, and the older ones follow, newest first.
    Ranking every match of a common word ("education" matches nine records in ten) read
    every match's search vector: 0.7-1.2 s at 100k records, against a few milliseconds for
    500. The search page ranks the same way (search.MATCH_LIMIT). The newest matches are
    found as `through_index` says (newest_through_index). Sliced by the paginator; a page
    that spans the border is read from both sides."""

    def __init__(self, queryset, *, window: int, through_index: bool):
        self.window = window
        self.newest = queryset.order_by(*newest_order(through_index))
        self.ranked = queryset.filter(pk__in=Subquery(self.newest.values("pk")[:window]))

    def __getitem__(self, index: slice) -> list:
        start, stop = index.start or 0, index.stop
        found = []
        if start < self.window:
            found += self.ranked[start : min(stop, self.window)]
        if stop > self.window:
            found += self.newest[max(start, self.window) : stop]
        return found


def relevance_window(queryset, matches: int):
    """`queryset` (matches of a search sorted by relevance), or its RelevanceWindow when
    there are more than MATCH_LIMIT `matches`."""
    if matches <= MATCH_LIMIT:
        return queryset
    return RelevanceWindow(
        queryset,
        window=MATCH_LIMIT,
        through_index=newest_through_index(queryset.model, matches),
    )


def newest_through_index(model, matches: int) -> bool:
    """Whether the newest matches of a search are better found through the full-text index
    (few matches: fetch them all, then sort) than by walking the records newest first and
    testing each one's vector (many: the walk stops after the window, but reads about
    window x records / matches vectors): search.newest_first_plans' rule, with the exact
    number of matches and the kind's published records (from the rollup, cached)."""
    label = model._meta.app_label
    records = catalogue.kind_counts({label: model.objects.published()}, anchor="")[label]
    return index_is_cheaper(matches, limit=MATCH_LIMIT, records=records)


class RecordListView(ListView):
    """A filtered, faceted, paginated list of published records of one kind.

    Queries: the content generation (caches, ETag), the tag filter's lookup of the chosen
    tags (only when `tag` is given), the page of records, and the number found with all
    facet counts (one statement, cached per content generation); never one per row or per
    option. Cards link their tags from the records' tag names (iite_portal.tags.tag_links:
    the slugs are kept per content generation)."""

    filterset_class = None
    template_name = "records/record_list.html"

    def get_paginate_by(self, queryset):
        return settings.PORTAL_PAGE_SIZE

    def get_paginator(self, queryset, per_page, **kwargs):
        total = self.filterset.total()
        if self.filterset.sort_key() == "relevance":
            queryset = relevance_window(queryset, total)
        self.ranked_within = queryset.window if isinstance(queryset, RelevanceWindow) else None
        return CountedPaginator(queryset, per_page, count=total, **kwargs)

    def get_queryset(self):
        model = self.filterset_class._meta.model
        self.filterset = self.filterset_class(self.request.GET, queryset=model.objects.published())
        return self.filterset.qs.for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.filterset._meta.model
        page = context["page_obj"]
        page.object_list = list(page.object_list)
        tag_links(page.object_list)
        context.update(
            object_list=page.object_list,
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            filterset=self.filterset,
            facets=self.filterset.facet_results(),
            chips=filter_chips(self.filterset, self.request.GET),
            opts=model._meta,
            kind=model._meta.app_label,
            ranked_within=self.ranked_within,
        )
        return context


def list_url_from_referer(request, list_url) -> str:
    """The list a reader came from, with the filters they had chosen, when the Referer is
    that list on this site; else the plain list. Only the query string is taken over, and
    re-encoded, so the link can lead nowhere but to the list."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc != request.get_host() or referer.path != list_url:
        return list_url
    params = QueryDict(referer.query, mutable=True)
    params.pop("page", None)
    query = params.urlencode()
    return f"{list_url}?{query}" if query else list_url


class RecordDetailView(DetailView):
    """One record, its links to the other kinds, and records like it. Staff may preview
    records that are not published; the public gets a 404 for them. The breadcrumb back to
    the list keeps the filters the reader came with (no session, no script needed)."""

    template_name_suffix = "_detail"
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        return (
            self.model.objects.visible_to(self.request.user)
            .select_related(*self.select_related)
            .prefetch_related("tags")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.model._meta.app_label
        context.update(
            opts=self.model._meta,
            kind=kind,
            similar=similar_records(self.object),
            canonical_url=self.request.build_absolute_uri(self.object.get_absolute_url()),
            results_url=list_url_from_referer(self.request, reverse(f"{kind}:list")),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["Referer"])  # the breadcrumb's link depends on it
        return response


# Each trait's most recent sharers, scored, read from the newest-first index that carries
# the traits (record_indexes: no table row is read); the best `count` joined to their rows.
# {table}: a model's table; {columns}: its fields' columns (not the search vector);
# {walks}: one WALK_SQL per trait the record has.
SIMILAR_SQL = """SELECT {columns} FROM {table} r JOIN (
  SELECT id, max(score) AS score, published_at FROM ({walks}) c
  GROUP BY id, published_at ORDER BY 2 DESC, 3 DESC, 1 DESC LIMIT %s
) best ON best.id = r.id
ORDER BY best.score DESC, best.published_at DESC, best.id DESC"""
WALK_SQL = """(SELECT id, published_at,
    CASE WHEN tag_names && %s::varchar[] THEN 4 ELSE 0 END
    + CASE WHEN countries && %s::varchar[] THEN 2 ELSE 0 END
    + CASE WHEN levels && %s::varchar[] THEN 1 ELSE 0 END AS score
  FROM {table} WHERE status = 'published' AND id <> %s AND {trait} && %s::varchar[]
  ORDER BY published_at DESC, id DESC LIMIT %s)"""


def similar_records(record, count=SIMILAR_COUNT):
    """Published records of the same kind sharing tags, countries or levels with `record`,
    best first (a shared tag weighs most, then a country, then a level); one query.

    Candidates are the SIMILAR_CANDIDATES most recent records sharing each trait, not
    every record sharing any: a common level or country is shared by most of the
    catalogue, and scoring all of them took ~100 ms at 100k records."""
    traits = {"tag_names": record.tag_names, "countries": record.countries}
    traits["levels"] = record.levels
    traits = {name: list(values) for name, values in traits.items() if values}
    if not traits:
        return []
    model = type(record)
    table = connection.ops.quote_name(model._meta.db_table)
    walks, params = [], []
    shared = [record.tag_names or [], record.countries or [], record.levels or []]
    for trait, values in traits.items():
        walks.append(WALK_SQL.format(table=table, trait=trait))
        params += [*(list(values) for values in shared), record.pk, values, SIMILAR_CANDIDATES]
    # Table and column names come from the model, never from the request.
    columns = ", ".join(
        f"r.{connection.ops.quote_name(field.column)}" for field in model._meta.concrete_fields
    )
    sql = SIMILAR_SQL.format(table=table, columns=columns, walks=" UNION ALL ".join(walks))
    return list(model.objects.raw(sql, [*params, count]))
