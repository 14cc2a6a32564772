"""Every public endpoint that reads the query string, one line each: (URL name, kwargs).

The fuzz test (test_security_fuzz.py) requests each of them with generated query strings;
a new list, search, feed, CSV or API endpoint is covered by adding its line here. Detail
pages use the records that the fuzz test's fixture creates (slug "fuzz-...")."""

PUBLIC_ENDPOINTS = [
    ("home", {}),
    ("healthz", {}),
    ("practices:list", {}),
    ("practices:detail", {"slug": "fuzz-practice"}),
    ("policies:list", {}),
    ("policies:detail", {"slug": "fuzz-policy"}),
    ("policies:document", {"slug": "fuzz-policy"}),
    ("oer:list", {}),
    ("oer:detail", {"slug": "fuzz-oer"}),
    ("search", {}),
    ("practices:export_csv", {}),
    ("policies:export_csv", {}),
    ("oer:export_csv", {}),
    ("practices:feed", {}),
    ("policies:feed", {}),
    ("oer:feed", {}),
    ("api:practices-list", {}),
    ("api:policies-list", {}),
    ("api:oer-list", {}),
    ("countries", {}),
    ("stats", {}),
    ("oai", {}),
]

# Query parameters the filters know, shared and per kind, so that generated query strings
# reach the filter code and not only its "unknown parameter" path.
COMMON_PARAMS = ["q", "country", "region", "tag", "level", "year_from", "year_to", "sort", "page"]
KIND_PARAMS = [
    "per_page", "format", "lang", "language", "status", "featured",
    "organisation_type", "target_group", "connectivity", "evidence", "ongoing", "open_tools",
    "document_type", "legal_status", "theme", "scope", "doc_language",
    "resource_type", "licence", "accessibility", "subject", "offline", "link_ok",
]  # fmt: skip
