"""The statistics page, its CSV downloads and the policy coverage map."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from . import worldmap
from .charts import bar_chart, column_chart
from .stats import CHARTS, CHARTS_BY_SLUG, policies_in_force_by_country


def _chart_context(chart, rtl):
    counts = chart.counts()
    data = chart.data(counts)
    draw = column_chart if chart.kind == "years" else bar_chart
    return {
        "chart": chart,
        "data": data,
        "total": sum(d.value for d in data),
        "unknown": chart.unknown(counts),
        "geometry": draw(data, rtl=rtl),
    }


def stats(request):
    rtl = get_language_bidi()
    return render(request, "stats/stats.html", {"charts": [_chart_context(c, rtl) for c in CHARTS]})


def chart_csv(request, chart):
    try:
        chart = CHARTS_BY_SLUG[chart]
    except KeyError:
        raise Http404(_("There is no such chart.")) from None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(["code", str(chart.category), _("Number of records")])
    for datum in chart.data():
        writer.writerow([datum.key, datum.label, datum.value])
    return response


def coverage_map(request):
    counts = policies_in_force_by_country()
    return render(request, "stats/map.html", worldmap.map_context(counts))
