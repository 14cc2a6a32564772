"""Template filters and tags shared by the three apps."""

import functools
import re

from django import template
from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from iite_portal.markdown import render_markdown
from iite_portal.vocab import LICENCE_URLS, Region, country_name, language_label

register = template.Library()

URL_AT_END = re.compile(r"(?P<title>.*?)[\s:–—-]*(?P<url>https?://\S+)\s*$")

KIND_LABELS = {
    "practices": _("Good practice"),
    "policies": _("Policy"),
    "oer": _("Open resource"),
}
# The name of each kind's section, as the main navigation says it.
SECTION_LABELS = {
    "practices": _("Good practices"),
    "policies": _("Policies"),
    "oer": _("Open resources"),
}


@register.filter
def markdown(text):
    return render_markdown(text or "")


@register.filter
def kind(record) -> str:
    """The app a record belongs to ("practices", "policies", "oer"): names its URLs and
    its card template."""
    return record._meta.app_label


@register.filter
def kind_label(record) -> str:
    return KIND_LABELS.get(record._meta.app_label, "")


@register.filter
def section_label(kind_name) -> str:
    """ "Good practices", "Policies" or "Open resources" for an app label."""
    return SECTION_LABELS.get(str(kind_name), "")


@register.filter
def country(code) -> str:
    """A country's name in the reader's language (from django-countries, in memory)."""
    return country_name(str(code)) if code else ""


@register.filter
def country_names(codes) -> str:
    return ", ".join(country_name(code) for code in codes or ())


@register.filter
def region_name(slug) -> str:
    try:
        return Region(slug).label
    except ValueError:
        return slug


@register.filter
def language(code) -> str:
    return language_label(code) if code else ""


@register.filter
def languages(codes) -> str:
    return ", ".join(language_label(code) for code in codes or ())


@register.filter
def choices_of(record, field_name) -> list[tuple[str, str]]:
    """(value, label) of each value of a choice field or array of choices, as stored."""
    field = record._meta.get_field(field_name)
    choices = dict(getattr(field, "base_field", field).choices or ())
    values = getattr(record, field_name) or []
    if not isinstance(values, list | tuple):
        values = [values]
    return [(value, str(choices.get(value, value))) for value in values]


@register.filter
def display(record, field_name) -> str:
    """What record.get_<field_name>_display gives, from a table made once per language:
    Django's own hashes every lazy label of the field's choices on each call, which was a
    good part of rendering a page of cards."""
    value = getattr(record, field_name)
    try:
        hash(value)
    except TypeError:  # a list has no one label: shown as it is, as Django's method does
        return str(value)
    return _choice_label(type(record), field_name, value, get_language())


@functools.lru_cache(maxsize=1024)
def _choice_label(model, field_name, value, language) -> str:
    choices = dict(model._meta.get_field(field_name).flatchoices)
    return str(choices.get(value, value))


@register.filter
def labels(record, field_name) -> str:
    """The labels of a choice field's values, joined by commas."""
    return ", ".join(label for _value, label in choices_of(record, field_name))


@register.filter
def licence_url(code) -> str:
    return LICENCE_URLS.get(code, "")


@register.filter
def source_lines(text) -> list[dict]:
    """Sources as entered ("Title https://..." per line) -> [{"title", "url"}]."""
    sources = []
    for line in (text or "").splitlines():
        line = line.strip().lstrip("-* ").strip()
        if not line:
            continue
        match = URL_AT_END.match(line)
        if match:
            sources.append({"title": match["title"] or match["url"], "url": match["url"]})
        else:
            sources.append({"title": line, "url": ""})
    return sources


@functools.lru_cache(maxsize=8192)
def _grouped(language: str, number: int) -> str:
    """A count as the reader's language writes it (1 234, 1.234, 1,234), escaped; a list
    page shows a few hundred, mostly the same small numbers: formatted once per language
    (`language` keys the cache; number_format reads the active language)."""
    return escape(number_format(number, 0, force_grouping=True))


@register.simple_tag
def facet_options(facet, form_id):
    """The <li> of each option of a facet (includes/facet.html). Built here rather than in
    a template loop: a list page shows a few hundred options, and at ten template nodes
    each the loop was the largest part of the page's rendering time. Every text that is
    not a constant of this function is escaped."""
    kind = "radio" if facet.param == "region" else "checkbox"
    language = get_language()
    prefix = escape(f"{form_id}-{facet.param}-")
    name = escape(facet.param)
    items = []
    for number, option in enumerate(facet.visible_options, start=1):
        checked = " checked" if option.selected else ""
        count = _grouped(language, option.count)
        items.append(
            f'<li><input type="{kind}" id="{prefix}{number}" name="{name}" '
            f'value="{escape(option.value)}"{checked}> <label for="{prefix}{number}">'
            f'{escape(option.label)} <span class="count">({count})</span></label></li>'
        )
    if not items:
        none = gettext("None within these filters")
        return format_html('<li class="facet__none">{}</li>', none)
    return mark_safe("".join(items))  # noqa: S308 - every variable part escaped above
