"""CSV export of any filtered list, streamed row by row from a server-side cursor.

The list's own FilterSet selects the records (same parameters as the page); values that
the page would ignore as invalid are ignored here too, so the download always holds what
the page showed. Columns have stable machine names (documented on the API docs page);
multi-valued cells are joined with "; ". Cross-links to other records are read as arrays
of slugs by correlated sub-queries, and tags from `Record.tag_names`, so the export runs
one query per chunk of rows, never one per row."""

import csv
import datetime
import io
import re

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from .vocab import country_name

MULTI_SEPARATOR = "; "
# Spreadsheets run a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rows written before a chunk is handed to the server: fewer, larger writes.
ROWS_PER_CHUNK = 200
BOM = "\ufeff"

# Columns every kind exports first, in this order.
COMMON_COLUMNS = (
    "slug",
    "title",
    "summary",
    "language",
    "countries",
    "country_names",
    "regions",
    "levels",
    "tags",
    "published_at",
    "updated_at",
    "last_verified",
    "source",
    "page_url",
)


def with_links(queryset, links):
    """Annotate each record with `<name>_slugs`: the slugs of the published records it
    links to, in slug order. `links` maps a name to (kind, function of the correlated
    queryset of targets)."""
    return queryset.annotate(
        **{
            f"{name}_slugs": ArraySubquery(targets().order_by("slug").values("slug"))
            for name, (_kind, targets) in links.items()
        }
    )


def cell(value) -> str:
    """One CSV cell: lists joined, booleans as true/false, dates in ISO 8601, and text that
    a spreadsheet would run as a formula prefixed with an apostrophe."""
    if isinstance(value, list | tuple):
        value = MULTI_SEPARATOR.join(str(item) for item in value)
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_START) else value


class RecordCSVView(View):
    """Streams the filtered list of one kind as CSV. Subclasses set `filterset_class`,
    `columns` (after COMMON_COLUMNS) and `links` (cross-link columns); a column that is not
    a model field is made from one in `derived_value` (and named in `derived`)."""

    filterset_class = None
    columns: tuple[str, ...] = ()
    links: dict = {}
    # column -> the field it is made from
    derived = {"country_names": "countries", "tags": "tag_names", "page_url": "slug"}

    def get(self, request, *args, **kwargs):
        model = self.filterset_class._meta.model
        filterset = self.filterset_class(request.GET, queryset=model.objects.published())
        queryset = with_links(filterset.qs, self.links)
        response = StreamingHttpResponse(
            self.stream(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename(filterset)}"'
        return response

    def header(self) -> list[str]:
        return [*COMMON_COLUMNS, *self.columns, *self.links]

    def stream(self, queryset):
        """The BOM and the header, then the rows in chunks, read from a server-side cursor
        `CSV_CHUNK_SIZE` rows at a time as plain values (no model instances): memory stays
        flat however long the list is."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, dialect="excel")
        buffer.write(BOM)
        header = self.header()
        writer.writerow(header)
        sources = [
            self.derived.get(column, column) if column not in self.links else f"{column}_slugs"
            for column in header
        ]
        derived = [column in self.derived for column in header]
        context = {"page_url": self.page_url_maker(queryset.model), "country_names": {}}
        records = queryset.values(*dict.fromkeys(sources))
        for number, record in enumerate(records.iterator(chunk_size=settings.CSV_CHUNK_SIZE)):
            writer.writerow(
                cell(
                    self.derived_value(column, record[source], context) if made else record[source]
                )
                for column, source, made in zip(header, sources, derived, strict=True)
            )
            if number % ROWS_PER_CHUNK == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    def derived_value(self, column, value, context):
        if column == "country_names":
            names = context["country_names"]  # a few hundred names at most: remember them
            return [names.get(code) or names.setdefault(code, country_name(code)) for code in value]
        if column == "page_url":
            return context["page_url"](value)
        return value

    def page_url_maker(self, model):
        """slug -> absolute URL of the record's public page, reversing the URL once."""
        placeholder = "slug-placeholder"
        template = self.request.build_absolute_uri(
            reverse(f"{model._meta.app_label}:detail", kwargs={"slug": placeholder})
        )
        prefix, suffix = template.split(placeholder)
        return lambda slug: f"{prefix}{slug}{suffix}"

    def filename(self, filterset) -> str:
        """iite-policies[-<filter values>]-<date>.csv: says what the file holds."""
        model = filterset._meta.model
        parts = [slugify(value) for _param, value, _group, _label in filterset.active_filters()]
        described = re.sub(r"-+", "-", "-".join(part for part in parts if part))[:60].strip("-")
        today = timezone.now().date().isoformat()
        parts = ("iite", model._meta.app_label, described, today)
        return "-".join(part for part in parts if part) + ".csv"
