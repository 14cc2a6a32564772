"""Pages that span the three kinds of record (home, search, countries, regions, tags), and
the health check. Each page runs a fixed, small number of queries: counts for all kinds
come from one statement (see catalogue.py)."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connection
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from . import catalogue, generation
from .vocab import Region, countries_in_region, country_name, region_for, sort_key

# How many records of each kind a country, region, tag or home block shows before
# linking to the full, filtered list.
BLOCK_SIZE = 6
TIMELINE_SIZE = 30


def home(request):
    records = catalogue.published()
    featured, latest = generation.content_cached("home-blocks", "", lambda: home_blocks(records))
    context = {
        "totals": catalogue.kind_counts(records, anchor=""),
        "featured": featured,
        "latest": latest,
        "regions": region_rows(catalogue.counts_by("regions", records, anchor="")),
        "tags": catalogue.top_tags(records, anchor=""),
    }
    return render(request, "home.html", context)


def home_blocks(records) -> tuple[list, list]:
    """The featured case studies, and the latest beside them without showing any twice
    (cached per content generation: the same for every visitor until something changes)."""
    practices = records["practices"].order_by("-published_at", "-id")
    featured = list(practices.filter(featured=True)[:3])
    latest = list(practices.exclude(pk__in=[record.pk for record in featured])[:BLOCK_SIZE])
    return featured, latest


def region_rows(counts) -> list[dict]:
    return [
        {"slug": region.value, "name": region.label, "counts": counts.get(region.value, {})}
        for region in Region
    ]


def countries(request):
    """Every country that has published records, grouped by UNESCO region, with counts."""
    counts = catalogue.counts_by("countries", catalogue.published(), anchor="")
    regions = {region.value: [] for region in Region}
    for code, by_kind in counts.items():
        region = region_for(code)
        if region in regions:
            regions[region].append({"code": code, "name": country_name(code), "counts": by_kind})
    groups = [
        {
            "slug": region.value,
            "name": region.label,
            "countries": sorted(regions[region.value], key=lambda c: sort_key(c["name"])),
        }
        for region in Region
    ]
    return render(request, "portal/countries.html", {"regions": groups})


def country(request, code):
    if code != code.upper():
        return redirect("country", code=code.upper(), permanent=True)
    name = country_name(code)
    region = region_for(code)
    if name == code or region is None:
        raise Http404(_("No such country."))
    records = {label: qs.for_country(code) for label, qs in catalogue.published().items()}
    neighbours = countries_in_region(region)
    in_region = {label: qs.in_region(region) for label, qs in catalogue.published().items()}
    counts = catalogue.counts_by("countries", in_region, anchor=f"regions={region}")
    context = {
        "code": code,
        "name": name,
        "region": Region(region),
        "counts": counts.get(code, {}),
        "timeline": records["policies"].order_by(F("adopted_year").desc(nulls_last=True), "title")[
            :TIMELINE_SIZE
        ],
        "practices": records["practices"].order_by("-published_at", "-id")[:BLOCK_SIZE],
        "resources": records["oer"].order_by("-published_at", "-id")[:BLOCK_SIZE],
        "neighbours": sorted(
            (
                {"code": other, "name": country_name(other), "total": counts[other].total()}
                for other in neighbours
                if other != code and counts.get(other)
            ),
            key=lambda c: sort_key(c["name"]),
        ),
    }
    return render(request, "portal/country.html", context)


def region(request, slug):
    try:
        region = Region(slug)
    except ValueError:
        raise Http404(_("No such region.")) from None
    records = {label: qs.in_region(slug) for label, qs in catalogue.published().items()}
    counts = catalogue.counts_by("countries", records, anchor=f"regions={slug}")
    members = set(countries_in_region(slug))
    context = {
        "region": region,
        "countries": sorted(
            (
                {"code": code, "name": country_name(code), "counts": by_kind}
                for code, by_kind in counts.items()
                if code in members
            ),
            key=lambda c: sort_key(c["name"]),
        ),
        "blocks": latest_blocks(records, catalogue.kind_counts(records, anchor=f"regions={slug}")),
    }
    return render(request, "portal/region.html", context)


def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    records = {
        label: qs.filter(tag_names__contains=[tag.name])
        for label, qs in catalogue.published().items()
    }
    totals = catalogue.kind_counts(records)
    context = {"tag": tag, "blocks": latest_blocks(records, totals)}
    return render(request, "portal/tag.html", context)


def latest_blocks(records, totals=None) -> list[dict]:
    """The latest records of each kind, with the kind's total when known."""
    return [
        {
            "kind": label,
            "records": list(qs.order_by("-published_at", "-id")[:BLOCK_SIZE]),
            "total": (totals or {}).get(label),
        }
        for label, qs in records.items()
    ]


@never_cache
def healthz(request):
    """200 after a database round trip; 503 when the database cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bench_bare(request):
    """The benchmark's reference ceiling: one trivial query, no template (BENCH_ENDPOINTS)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok\n", content_type="text/plain")


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page says: the icon."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("img/favicon.svg"))
