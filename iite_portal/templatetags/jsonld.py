"""{% jsonld object %}: the record as schema.org JSON-LD, in a data block that a strict
script-src Content-Security-Policy does not block (browsers never execute it)."""

import json

from django import template
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from iite_portal.schema_org import record_jsonld

register = template.Library()

# Inside <script> only "</script" or "<!--" could end or confuse the block; escaping every
# <, > and & as JSON \u escapes rules that out whatever the record's text contains.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _json_default(value):
    if isinstance(value, Promise):  # lazily translated labels
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


@register.simple_tag(takes_context=True)
def jsonld(context, record):
    request = context["request"]
    data = record_jsonld(record, url_for=lambda r: request.build_absolute_uri(r.get_absolute_url()))
    text = json.dumps(data, ensure_ascii=False, default=_json_default).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
