"""The filters every kind of record shares, as one django-filter FilterSet base.

Query parameters, named so for good (bookmarks, the API, CSV and feeds use the same):
`q`, `country` (ISO 3166-1 alpha-2, repeatable, any of), `region` (UNESCO region slug),
`tag` (tag slug, repeatable, all of), `year_from`, `year_to` (on the model's `year_field`),
`sort` (fixed choices). `page` belongs to the paginating view. A FilterSet knows nothing of
requests: give it a QueryDict or a dict. Invalid values become form errors and are ignored;
they never reach the database."""

import functools

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag

from .facet_sql import NO_YEAR
from .facets import Facet, FacetResult, Option, Rollup, count_facets
from .models import MAX_YEAR, MIN_YEAR
from .vocab import Region, country_choices, country_name, language_label, sort_key

# The number of records found, counted with the facets (over the fully filtered records).
TOTAL = Facet("_total", "id", "count", conjunctive=True)

# sort value -> (label, ordering). Relevance needs the `rank` annotation of search(q).
SORTS = {
    "relevance": (_("Relevance"), ("-rank", "-published_at", "-id")),
    "newest": (_("Newest first"), ("-published_at", "-id")),
    "year": (_("Year, latest first"), ("-{year}", "-published_at", "-id")),
    "year_asc": (_("Year, earliest first"), ("{year}", "-published_at", "-id")),
    "title": (_("Title, A to Z"), ("title_i18n", "id")),  # in the reader's language
}


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(code for code, _name in countries)


class UpperMultipleChoiceField(forms.MultipleChoiceField):
    """Country codes in any case: ?country=ke finds Kenya. Checked against the set of
    codes: the choices are a callable that is never called per request (every list page
    builds this form; copying and sorting 250 translated names each time cost ~2 ms)."""

    def to_python(self, value):
        return [str(code).strip().upper() for code in super().to_python(value)]

    def valid_value(self, value):
        return str(value) in _country_codes()


class AnyOfFilter(django_filters.MultipleChoiceFilter):
    """Records with any of the chosen values, on a plain or an array column."""

    def __init__(self, *args, array=False, **kwargs):
        self.array = array
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        lookup = "overlap" if self.array else "in"
        return qs.filter(**{f"{self.field_name}__{lookup}": sorted(set(value))})


class CountryFilter(AnyOfFilter):
    field_class = UpperMultipleChoiceField

    def __init__(self, **kwargs):
        super().__init__(field_name="countries", array=True, choices=country_choices, **kwargs)


class TagsFilter(django_filters.ModelMultipleChoiceFilter):
    """Records carrying all the chosen tags (by slug); unknown slugs are a form error.
    Reads the record's copy of its tag names, so no join is needed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Tag.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(tag_names__contains=sorted(tag.name for tag in value))


class YearRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", _("The end year cannot be before the start year."))
        return data


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, **kwargs):
        super().__init__(method="filter_year", min_value=MIN_YEAR, max_value=MAX_YEAR, **kwargs)


class RecordFilterSet(django_filters.FilterSet):
    """Base of the three kinds' FilterSets. Subclasses add their own filters and list
    them, with the common ones, in `facets`."""

    q = django_filters.CharFilter(method="filter_q", label=_("Words"))
    country = CountryFilter(label=_("Country"))
    region = django_filters.ChoiceFilter(
        method="filter_region", choices=Region.choices, label=_("UNESCO region")
    )
    tag = TagsFilter(label=_("Tags"))
    year_from = YearFilter(label=_("From year"))
    year_to = YearFilter(label=_("To year"))
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        choices=[(key, label) for key, (label, _ordering) in SORTS.items()],
        empty_label=None,
        label=_("Sort by"),
    )

    facets: tuple[Facet, ...] = (
        Facet("country", "countries", "array", order="label"),
        Facet("region", "regions", "array"),
        Facet("tag", "tag_names", "tag", conjunctive=True, order="count"),
    )

    class Meta:
        form = YearRangeForm
        fields: list[str] = []

    # --- filtering ---

    def filter_queryset(self, queryset):
        """Apply every valid filter, then the sort (after `q`, whose rank it may use)."""
        queryset = self.filter_except(queryset, "sort")
        return self.filter_sort(queryset, "sort", self.form.cleaned_data.get("sort"))

    def filter_except(self, queryset, *names):
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_q(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_region(self, queryset, name, value):
        return queryset.in_region(value)

    def filter_year(self, queryset, name, value):
        lookup = "gte" if name == "year_from" else "lte"
        return queryset.filter(**{f"{queryset.model.year_field}__{lookup}": value})

    def filter_sort(self, queryset, name, value):
        _label, ordering = SORTS[self.sort_key()]
        year = queryset.model.year_field
        return queryset.order_by(*(field.format(year=year) for field in ordering))

    def sort_key(self) -> str:
        """The sort in effect: the one asked for when valid, else relevance when searching
        and newest first otherwise."""
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        searching = bool((data.get("q") or "").strip())
        value = data.get("sort")
        if value not in SORTS or (value == "relevance" and not searching):
            value = "relevance" if searching else "newest"
        return value

    def sort_chosen(self) -> bool:
        """Whether the sort in effect is one the reader chose rather than the default. The
        sort menu sends the default as an empty value, so that words typed later in the
        filter form are sorted by relevance, not by the order the menu happened to show."""
        data = getattr(self.form, "cleaned_data", {}) if self.is_bound else {}
        return data.get("sort") == self.sort_key()

    # --- facet counts ---

    def facet_counts(self) -> dict:
        """The counts of every facet and the number of records found, from one statement
        (or the cache), computed once per FilterSet."""
        if not hasattr(self, "_facet_counts"):
            self.errors  # noqa: B018 -- validates the form, as django-filter's `qs` does
            base = self.queryset.all()
            branches = []
            for facet in (*self.facets, TOTAL):
                ignored = ("sort", *(() if facet.conjunctive else [facet.param]))
                branch = (facet, self.filter_except(base, *ignored))
                rollup = self.rollup_for(ignored)
                branches.append((*branch, rollup) if rollup else branch)
            words = bool((self.form.cleaned_data.get("q") or "").strip())
            self._facet_counts = count_facets(branches, words=words)
        return self._facet_counts

    # The filters the rollup can answer (facet_sql.py): at most one country or one region,
    # and a year range.
    ROLLUP_FILTERS = frozenset({"country", "region", "year_from", "year_to"})

    def rollup_for(self, ignored) -> Rollup | None:
        """Where the rollup holds the counts of the published records that the current
        filters, but `ignored`, select; None when it does not (a word, a tag, another
        facet, two countries, or records other than the published ones)."""
        data = getattr(self.form, "cleaned_data", {})
        active = {name for name in data if name not in ignored and self.selected_values(name)}
        if not active <= self.ROLLUP_FILTERS or not self._counts_published():
            return None
        countries = self.selected_values("country") if "country" in active else []
        region = data["region"] if "region" in active else None
        if len(countries) > 1 or (countries and region):
            return None
        anchor = f"countries={countries[0]}" if countries else ""
        anchor = f"regions={region}" if region else anchor
        year_from = data["year_from"] if "year_from" in active else None
        year_to = data["year_to"] if "year_to" in active else None
        if year_from is None and year_to is None:
            low, high = NO_YEAR, MAX_YEAR
        else:  # records without a year are left out, as the filter does
            low = MIN_YEAR if year_from is None else year_from
            high = MAX_YEAR if year_to is None else year_to
        return Rollup(self.queryset.model._meta.db_table, anchor, low, high)

    def _counts_published(self) -> bool:
        """Whether this FilterSet counts exactly the published records of its kind (what
        the rollup holds), not some other set a caller passed."""
        if not hasattr(self, "_published_base"):
            self._published_base = self._is_published_base()
        return self._published_base

    def _is_published_base(self) -> bool:
        model = self.queryset.model
        published = model.objects.published().order_by().values("pk").query
        return str(self.queryset.order_by().values("pk").query) == str(published)

    def total(self) -> int:
        """How many records the filters find (what the paginator counts)."""
        rows = self.facet_counts()[TOTAL.param]
        return rows[0][2] if rows else 0

    def facet_results(self) -> list[FacetResult]:
        """Each facet with its options and counts within the other current filters."""
        if not self.is_bound:
            return []
        counts = self.facet_counts()
        return [self._facet_result(facet, counts[facet.param]) for facet in self.facets]

    def _facet_result(self, facet, rows) -> FacetResult:
        selected = self.selected_values(facet.param)
        counted = {value: (label, count) for value, label, count in rows}
        if facet.shape == "bool":
            counted = {value: row for value, row in counted.items() if value == "true"}
        # Selected options stay listed even when they would give nothing, to be unticked.
        values = [*counted, *(value for value in selected if value not in counted)]
        labels = self.option_labels(facet.param, values)
        options = [
            Option(
                value,
                counted.get(value, (None, 0))[0] or labels.get(value, value),
                counted.get(value, (None, 0))[1],
                value in selected,
            )
            for value in values
        ]
        if facet.order == "label":
            options.sort(key=lambda option: sort_key(option.label))
        elif facet.order == "count":
            options.sort(key=lambda option: (-option.count, sort_key(option.label)))
        else:  # the vocabulary's own order (ISCED levels 0 to 8, ...)
            rank = {value: index for index, value in enumerate(labels)}
            options.sort(key=lambda option: rank.get(option.value, len(rank)))
        return FacetResult(
            param=facet.param,
            label=self.filters[facet.param].label,
            options=options,
            multiple=facet.shape != "bool" and facet.param != "region",
        )

    def selected_values(self, param) -> list[str]:
        """The valid values of one parameter, as strings (tag slugs for tags)."""
        value = getattr(self.form, "cleaned_data", {}).get(param)
        if value in (None, "", [], False):
            return []
        if param == "tag":
            return [tag.slug for tag in value]
        if value is True:
            return ["true"]
        if isinstance(value, list | tuple | set):
            return [str(item) for item in dict.fromkeys(value)]
        return [str(value)]

    def option_labels(self, param, values=()) -> dict[str, str]:
        """value -> label for a parameter's options, in the vocabulary's order; computed
        in memory (country and language names included), never with a query per row."""
        if param == "country":
            return {value: country_name(value) for value in values}
        if param == "language":
            return {value: language_label(value) for value in values}
        if param == "tag":
            tags = getattr(self.form, "cleaned_data", {}).get("tag") or []
            return {tag.slug: tag.name for tag in tags}
        field = self.form.fields[param]
        if isinstance(field, forms.NullBooleanField):
            return {"true": str(self.filters[param].label)}
        return {str(value): label for value, label in getattr(field, "choices", [])}

    # --- active filters, for chips ---

    def active_filters(self) -> list[tuple[str, str, str, str]]:
        """(param, value, group label, value label) of each valid filter that is set."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018 -- validates the form
        active = []
        for param in self.form.cleaned_data:
            if param == "sort":
                continue
            group = self.filters[param].label
            values = self.selected_values(param)
            if param == "q":
                values = [value for value in values if value.strip()]
            labels = (
                {value: value for value in values}
                if param in ("q", "year_from", "year_to")
                else self.option_labels(param, values)
            )
            active += [(param, value, group, labels.get(value, value)) for value in values]
        return active
