"""The search page: all three kinds of record, a facet on kind, the common filters,
sort orders, highlighted snippets and "Did you mean ...?"."""

import math

from django import forms
from django.core.paginator import Page
from django.forms.utils import flatatt
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import search as engine
from .listing import CountedPaginator
from .models import MAX_YEAR, MIN_YEAR
from .vocab import Region, country_choices

PAGE_SIZE = 20
SUGGEST_BELOW = 3  # offer "Did you mean ...?" when fewer results than this


class QueryField(forms.CharField):
    """Free text for the engine: NUL characters (which PostgreSQL refuses) are dropped
    rather than reported, and overlong input is cut by the engine, not refused."""

    def to_python(self, value):
        return super().to_python(engine.clean(value).replace("\x00", ""))


class FastSelect(forms.Select):
    """A <select> written here rather than through Django's widget templates, which render
    every <option> as a template include: the country menu's 250 options were the largest
    part of the search page's time. Same markup; every value and label escaped."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) == chosen else ""}>'
            f"{escape(label)}</option>"
            for option, label in self.choices
        )
        html = f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>'
        return mark_safe(html)  # noqa: S308 - every value and label escaped above


class SearchForm(forms.Form):
    q = QueryField(label=_("Search for"), required=False)
    kind = forms.ChoiceField(
        widget=FastSelect,
        label=_("Kind of record"),
        required=False,
        choices=[
            ("", _("All kinds")),
            ("practices", _("Good practices")),
            ("policies", _("Policies")),
            ("oer", _("Open resources")),
        ],
    )
    country = forms.ChoiceField(label=_("Country"), required=False, widget=FastSelect)
    region = forms.ChoiceField(
        widget=FastSelect,
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *Region.choices],
    )
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    sort = forms.ChoiceField(
        widget=FastSelect,
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("newest", _("Newest")), ("title", _("Title"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *country_choices()]

    def filters(self) -> dict:
        """The valid filters; an invalid one is reported beside its field and ignored."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return {
            "q": data["q"] or "",
            "country": data["country"] or "",
            "region": data["region"] or "",
            "tag": data["tag"] or "",
            "year_from": data["year_from"],
            "year_to": data["year_to"],
        }


def _page_number(request) -> int:
    """The page asked for: 1 when it is not a whole number or below 1 (a page beyond the
    last is brought back to the last by the caller, which knows how many there are)."""
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


def _matches_page(request, *, kinds, sort, limit, filters) -> tuple[Page, dict[str, int]]:
    """The page asked for of a search's results (the nearest one when out of range), and
    the number of matches of each kind (engine.matches_page). A page beyond the last costs
    a second query, for the last page."""
    number = min(_page_number(request), math.ceil(len(kinds) * limit / PAGE_SIZE))
    plans = engine.newest_first_plans(list(engine.KINDS), limit=limit, **filters)
    while True:
        counts, rows = engine.matches_page(
            shown=kinds, sort=sort, limit=limit, offset=(number - 1) * PAGE_SIZE,
            size=PAGE_SIZE, plans=plans, **filters,
        )  # fmt: skip
        found = sum(min(counts[k], limit) for k in kinds)
        paginator = CountedPaginator([], PAGE_SIZE, count=found)
        if number <= paginator.num_pages:
            return Page(rows, number, paginator), counts
        number = paginator.num_pages  # past the last page: ask again for the last one


def search(request):
    form = SearchForm(request.GET)
    filters = form.filters()
    kind = form.cleaned_data.get("kind") or ""
    sort = form.cleaned_data.get("sort") or ("relevance" if filters["q"].strip() else "newest")
    kinds = [kind] if kind else list(engine.KINDS)
    # The kinds' counts (capped at MATCH_LIMIT + 1 when searching) come first or with the
    # page: the paginator takes its count from them rather than counting again.
    limit = engine.MATCH_LIMIT if filters["q"].strip() else None
    if limit:  # one query finds, counts, ranks and pages each kind's newest matches
        page, counts = _matches_page(request, kinds=kinds, sort=sort, limit=limit, filters=filters)
    else:
        counts = engine.kind_counts(**filters)
        rows = engine.search_rows(kinds=kinds, sort=sort, **filters)
        found = sum(counts[k] for k in kinds)
        page = CountedPaginator(rows, PAGE_SIZE, count=found).get_page(_page_number(request))
    # Unlike the list pages, a bad page number in a search shows the nearest page (get_page):
    # search URLs are typed and shared loosely, and any query must get a page (tested).
    more = {k: limit is not None and n > limit for k, n in counts.items()}
    shown = {k: min(n, limit) if limit is not None else n for k, n in counts.items()}
    records = engine.records_for_rows(page.object_list)
    engine.add_snippets(records, filters["q"])
    suggestion = None
    if filters["q"].strip() and page.paginator.count < SUGGEST_BELOW:
        suggestion = engine.suggest_more(kinds=kinds, found=page.paginator.count, **filters)
    labels = dict(form.fields["kind"].choices)
    for record in records:
        record.kind_label = labels[record.kind]
    facets = [
        {
            "value": "",
            "label": labels[""],
            "count": sum(shown.values()),
            "more": any(more.values()),
            "current": not kind,
        },
        *(
            {"value": k, "label": labels[k], "count": n, "more": more[k], "current": k == kind}
            for k, n in shown.items()
        ),
    ]
    context = {
        "form": form,
        "query": filters["q"],
        "facets": facets,
        "page": page,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "records": records,
        "suggestion": suggestion,
        "more": any(more[k] for k in kinds),
        "match_limit": limit,
    }
    return render(request, "search/search.html", context)
