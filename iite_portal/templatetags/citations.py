"""{% cite_record object %}: the "Cite this record" box of every detail page."""

from django import template
from django.urls import reverse
from django.utils import timezone

from iite_portal.citations import record_creator, record_year

register = template.Library()


@register.inclusion_tag("components/cite_record.html", takes_context=True)
def cite_record(context, record):
    request = context["request"]
    downloads = {}
    if record._meta.app_label == "policies" and record.is_public:
        downloads = {
            "bibtex": reverse("policies:cite-bibtex", kwargs={"slug": record.slug}),
            "ris": reverse("policies:cite-ris", kwargs={"slug": record.slug}),
        }
    return {
        "creator": record_creator(record),
        "year": record_year(record),
        "title": record.title,
        "url": request.build_absolute_uri(record.get_absolute_url()),
        # The access date belongs to a web citation: the page may change after it.
        "accessed": timezone.localdate(),
        "downloads": downloads,
    }
