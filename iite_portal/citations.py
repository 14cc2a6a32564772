"""Citing a record: who made it and when, the text under "Cite this record", and the
BibTeX and RIS files that reference managers import."""

import re
from urllib.parse import quote

from django.http import HttpResponse

from .vocab import country_name, language_name

# The field that names who made each kind of record: the author in a citation.
CREATOR_FIELDS = {"practices": "organisation", "policies": "issuing_body", "oer": "publisher"}


def record_creator(record) -> str:
    return getattr(record, CREATOR_FIELDS[record._meta.app_label], "")


def record_year(record) -> int | None:
    """The year of the work itself, else the year the portal published the record."""
    if record.year_value:
        return record.year_value
    return record.published_at.year if record.published_at else None


# LaTeX's special characters, which BibTeX passes through to LaTeX unchanged.
BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def one_line(text) -> str:
    return " ".join(str(text).split())


def bibtex_escape(text) -> str:
    return one_line(text).translate(BIBTEX_ESCAPES)


def bibtex_url(url: str) -> str:
    """URLs go into BibTeX verbatim, so only what would break its braces is encoded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def policy_bibtex(policy, *, url: str, accessed) -> str:
    year = record_year(policy)
    fields = [
        # Double braces keep the title's capitals and make the issuing body one corporate
        # author, instead of BibTeX splitting "Ministry of Education" into given/family names.
        ("title", "{" + bibtex_escape(policy.title) + "}"),
        ("author", "{" + bibtex_escape(policy.issuing_body) + "}"),
        ("year", str(year) if year else ""),
        ("date", policy.adopted_on.isoformat() if policy.adopted_on else ""),
        ("type", bibtex_escape(policy.get_document_type_display())),
        ("note", bibtex_escape("; ".join(country_name(c) for c in policy.countries))),
        ("language", bibtex_escape(", ".join(language_name(c) for c in policy.doc_languages))),
        ("keywords", bibtex_escape(", ".join(policy.tag_names))),
        ("abstract", bibtex_escape(policy.summary)),
        ("howpublished", "IITE Knowledge Portal"),
        ("url", bibtex_url(url)),
        ("urldate", accessed.isoformat()),
    ]
    key = re.sub(r"[^A-Za-z0-9_-]", "", policy.slug)
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{key},\n{body}\n}}\n"


RIS_TYPES = {"law": "STAT", "regulation": "LEGAL"}  # any other document type: GOVDOC


def policy_ris(policy, *, url: str, accessed) -> str:
    year = record_year(policy)
    lines = [
        ("TY", RIS_TYPES.get(policy.document_type, "GOVDOC")),
        ("TI", policy.title),
        ("AU", policy.issuing_body),
        ("PB", policy.issuing_body),
        ("PY", str(year) if year else ""),
        ("DA", policy.adopted_on.strftime("%Y/%m/%d/") if policy.adopted_on else ""),
        ("M3", policy.get_document_type_display()),
        ("CY", "; ".join(country_name(c) for c in policy.countries)),
        ("AB", policy.summary),
        *(("KW", name) for name in policy.tag_names),
        *(("LA", language_name(code)) for code in policy.doc_languages),
        ("N1", policy.original_title),
        ("DB", "IITE Knowledge Portal"),
        ("UR", url),
        ("Y2", accessed.strftime("%Y/%m/%d")),
    ]
    # RIS: one "XX  - value" line per field, CRLF line ends, closed by "ER  - ".
    body = "".join(f"{tag}  - {one_line(value)}\r\n" for tag, value in lines if one_line(value))
    return body + "ER  - \r\n"


def citation_download(text: str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
