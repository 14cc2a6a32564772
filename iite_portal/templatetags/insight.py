"""Insight components for other pages: link status notes on detail pages, a country's
policy timeline, and what needs staff attention on the admin index."""

from django import template
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi

from iite_portal.charts import STATUS_FILLS, timeline_chart
from iite_portal.freshness import stale_condition
from iite_portal.linkcheck import broken_link_condition, link_checks_for, link_models, record_urls
from iite_portal.models import Status
from iite_portal.vocab import sort_key
from policies.models import LegalStatus, Policy

register = template.Library()


def _checks_for_page(context, url):
    """The checks of the page object's links, loaded once per page; a link that is not
    the object's costs one more query."""
    cache = context.render_context.setdefault("insight_link_checks", {})
    if url not in cache:
        record = context.get("object")
        urls = [url]
        if record is not None and record._meta.label_lower in _link_labels():
            urls += record_urls(record)
        checks = link_checks_for(urls)
        cache.update({u: checks.get(u) for u in urls})
    return cache[url]


def _link_labels():
    return {model._meta.label_lower for model in link_models()}


@register.inclusion_tag("insight/link_status.html", takes_context=True)
def link_status(context, url):
    """“Link checked on …”, or a warning when its last check failed; nothing if never
    checked. Usage: {% link_status object.official_url %}."""
    return {"check": _checks_for_page(context, url) if url else None}


@register.inclusion_tag("insight/record_link_status.html")
def record_link_status(record):
    """Every external link of a record with the state of its last check (one query)."""
    urls = record_urls(record)
    checks = link_checks_for(urls)
    return {"links": [{"url": url, "check": checks.get(url)} for url in urls]}


# The chart draws at most this many policies, the most recent: a bar per policy stays
# readable, and a country with thousands of policies (the scale data set) would otherwise
# make a page of megabytes.
TIMELINE_CHART_LIMIT = 30


@register.inclusion_tag("insight/policy_timeline.html")
def policy_timeline(country_or_policies, *, this_year=None):
    """A chart of a country's published policies over the years they cover, the
    TIMELINE_CHART_LIMIT most recent of them. Takes an ISO 3166-1 code or a queryset of
    policies. Usage: {% policy_timeline country.code %}. One query at any size."""
    policies = country_or_policies
    if not isinstance(policies, QuerySet):
        policies = Policy.objects.published().for_country(str(country_or_policies))
    this_year = this_year or timezone.localdate().year
    dated = Q(start_year__isnull=False) | Q(adopted_year__isnull=False)
    starts = Coalesce("start_year", "adopted_year")
    rows = list(
        policies.annotate(
            dated_total=Window(Count("pk", filter=dated)),
            undated_total=Window(Count("pk", filter=~dated)),
        )
        .order_by(starts.desc(nulls_last=True), F("end_year").desc(nulls_last=True), "title", "pk")
        .values(
            "title",
            "slug",
            "adopted_year",
            "start_year",
            "end_year",
            "legal_status",
            "dated_total",
            "undated_total",
        )[:TIMELINE_CHART_LIMIT]
    )  # the totals over all of them, counted before the limit: one query
    totals = {
        "dated": rows[0]["dated_total"] if rows else 0,
        "undated": rows[0]["undated_total"] if rows else 0,
    }
    spans, undated = [], totals["undated"]
    rows = [row for row in rows if row["start_year"] or row["adopted_year"]]
    for row in sorted(
        rows, key=lambda r: (r["start_year"] or r["adopted_year"], sort_key(r["title"]))
    ):
        start = row["start_year"] or row["adopted_year"]
        end = row["end_year"]
        if end is None:
            end = this_year if row["legal_status"] == LegalStatus.IN_FORCE else start
        spans.append(
            {
                "label": row["title"],
                "title": row["title"],
                "start": start,
                "end": max(end, start),
                "adopted": row["adopted_year"],
                "open_ended": row["end_year"] is None,
                "status": row["legal_status"],
                "status_label": LegalStatus(row["legal_status"]).label,
                "url": reverse("policies:detail", kwargs={"slug": row["slug"]}),
            }
        )
    context = {
        "spans": spans,
        "undated": undated,
        "dated": totals["dated"],
        "left_out": totals["dated"] - len(spans),
        "geometry": None,
    }
    if spans:
        first = min(s["start"] for s in spans)
        last = max(s["end"] for s in spans)
        context["geometry"] = timeline_chart(spans, first=first, last=last, rtl=get_language_bidi())
        context["legend"] = [
            {"label": status.label, "fill": STATUS_FILLS[status.value]}
            for status in LegalStatus
            if any(s["status"] == status for s in spans)
        ]
    return context


@register.inclusion_tag("insight/admin_attention.html", takes_context=True)
def admin_attention(context):
    """Per kind of record the user may see: records in review, with broken links, and
    stale (not verified for 18 months). One aggregate query per kind."""
    user = context["request"].user
    rows = []
    for model in link_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        counts = model.objects.aggregate(
            review=Count("pk", filter=Q(status=Status.REVIEW)),
            broken=Count("pk", filter=broken_link_condition(model)),
            stale=Count("pk", filter=stale_condition()),
        )
        try:
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        rows.append(
            {
                "name": opts.verbose_name_plural,
                "items": [
                    (counts["review"], f"{changelist}?status__exact={Status.REVIEW}", "review"),
                    (counts["broken"], f"{changelist}?link=broken", "broken"),
                    (counts["stale"], f"{changelist}?freshness=stale", "stale"),
                ],
            }
        )
    return {"rows": rows}
