"""The list and detail views the three kinds of record share (one copy, not three)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import QueryDict
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

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


class RecordListView(ListView):
    """A filtered, faceted, paginated list of published records of one kind.

    Queries: the content generation (caches, ETag), the tag filter's lookup of the chosen
    tags (only when `tag` is given), the page of records, their tags (one prefetch), and
    the number found with all facet counts (one statement, cached per content generation);
    never one per row or per option."""

    filterset_class = None
    template_name = "records/record_list.html"

    def get_paginate_by(self, queryset):
        return settings.PORTAL_PAGE_SIZE

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.filterset.total(), **kwargs)

    def get_queryset(self):
        model = self.filterset_class._meta.model
        self.filterset = self.filterset_class(self.request.GET, queryset=model.objects.published())
        return self.filterset.qs.prefetch_related("tags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.filterset._meta.model
        page = context["page_obj"]
        context.update(
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            filterset=self.filterset,
            facets=self.filterset.facet_results(),
            chips=filter_chips(self.filterset, self.request.GET),
            opts=model._meta,
            kind=model._meta.app_label,
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


def similar_records(record, count=SIMILAR_COUNT):
    """Published records of the same kind sharing tags, countries or levels with `record`,
    best first (a shared tag weighs most, then a country, then a level); one query."""
    tests = [
        ("tag_names", record.tag_names, 4),
        ("countries", record.countries, 2),
        ("levels", record.levels, 1),
    ]
    tests = [(field, values, weight) for field, values, weight in tests if values]
    if not tests:
        return []
    shares = [Q(**{f"{field}__overlap": values}) for field, values, _weight in tests]
    score = sum(
        (
            Case(When(share, then=Value(weight)), default=Value(0), output_field=IntegerField())
            for share, (_f, _v, weight) in zip(shares, tests, strict=True)
        ),
        start=Value(0, output_field=IntegerField()),
    )
    # Candidates: the most recent records sharing each trait (each read through an index),
    # not every record sharing any: a common level or country is shared by most of the
    # catalogue, and scoring all of them took ~100 ms at 100k records.
    others = type(record).objects.published().exclude(pk=record.pk)
    newest = [
        others.filter(share).order_by("-published_at", "-id").values("pk")[:SIMILAR_CANDIDATES]
        for share in shares
    ]
    candidates = newest[0].union(*newest[1:]) if len(newest) > 1 else newest[0]
    return list(
        others.filter(pk__in=candidates)
        .annotate(similarity=score)
        .order_by("-similarity", "-published_at", "-id")[:count]
    )
