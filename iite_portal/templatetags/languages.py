"""The page in the other interface languages: the language switcher, hreflang alternates
and the languages a record's title and summary can be read in."""

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info

from iite_portal.vocab import language_label

register = template.Library()


def language_versions(request) -> list[dict]:
    """This page (path and query string) in each interface language, or [] when the page
    has no language versions (outside the /<lang>/ URLs, or not found)."""
    match = getattr(request, "resolver_match", None) if request else None
    if match is None:
        return []
    full_path, current = request.get_full_path(), get_language()
    # The switcher, the hreflang links and a record's languages all ask: work it out once.
    cached = getattr(request, "_language_versions", None)
    if cached is not None and cached[0] == (full_path, current):
        return cached[1]
    versions = _language_versions(full_path, current)
    request._language_versions = ((full_path, current), versions)
    return versions


def _language_versions(full_path, current) -> list[dict]:
    # The URL patterns are the same in every language (none is translated): a page's
    # version in another language differs only by the language prefix.
    prefix = f"/{current}/"
    if not full_path.startswith(prefix):
        return []  # not a language-prefixed page: nothing to switch to
    rest = full_path.removeprefix(prefix)
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": f"/{code}/{rest}",
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    return {"versions": language_versions(context.get("request"))}


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    """<link rel="alternate" hreflang> for each language, and x-default (the default
    language's version), with absolute addresses."""
    request = context.get("request")
    versions = language_versions(request)
    links = [
        {"hreflang": v["code"], "href": request.build_absolute_uri(v["url"])} for v in versions
    ]
    default = [link for link in links if link["hreflang"] == settings.LANGUAGE_CODE]
    if default:
        links.append({"hreflang": "x-default", "href": default[0]["href"]})
    return {"links": links}


@register.inclusion_tag("includes/record_languages.html", takes_context=True)
def record_languages(context, record):
    """Links to the record in the other languages it exists in; and, when the reader's
    language is missing, a note saying the text is shown in the original's language."""
    request, reader = context.get("request"), get_language()
    versions = {v["code"]: v for v in language_versions(request)}
    others = [
        versions[code] for code in record.languages_available if code != reader and code in versions
    ]
    missing = record.shown_language != reader and record.original_language != reader
    return {
        "others": others,
        "missing": missing,
        "original_name": language_label(record.language),
        "reader_name": get_language_info(reader)["name_translated"] if missing else "",
    }
