"""Links from a list page to the same list as CSV, Atom and JSON, with its filters."""

from django import template
from django.urls import reverse

register = template.Library()


def open_data_urls(request, kind) -> dict[str, str]:
    """The CSV, feed and API addresses of the list `request` shows (the page dropped)."""
    params = request.GET.copy()
    params.pop("page", None)
    query = f"?{params.urlencode()}" if params else ""
    return {
        "csv_url": request.build_absolute_uri(reverse(f"{kind}:export_csv") + query),
        "feed_url": request.build_absolute_uri(reverse(f"{kind}:feed") + query),
        "api_url": request.build_absolute_uri(reverse(f"api:{kind}-list") + query),
        "docs_url": reverse("api:docs"),
    }


@register.inclusion_tag("includes/open_data_head.html", takes_context=True)
def open_data_head(context, kind):
    """<link rel="alternate"> to the CSV and the Atom feed, for the page's <head>."""
    return open_data_urls(context["request"], kind)


@register.inclusion_tag("includes/open_data_links.html", takes_context=True)
def open_data_links(context, kind):
    """Visible links to the same list as CSV, Atom feed and JSON."""
    return open_data_urls(context["request"], kind)
