"""The content generation: one number that the database bumps whenever public content may
have changed, so caches and browsers can reuse what they hold without ever showing stale
content.

A trigger on every table that public pages read (records, their links to each other, tags,
link checks) bumps `iite_content_generation.value` in the same transaction as the change,
whatever makes it: the admin, the workflow functions, an import, a command, raw SQL. The
new number becomes visible exactly when the change does (at commit), so a page computed
after reading generation N shows data at least as new as N: a cache keyed by N is never
stale, only sometimes a little too fresh. The memory cache of one web process and the
caches of other processes or hosts agree, because the number lives in the database.

Used by
- `content_cached()`: facet counts, home-page blocks (cached per generation);
- `ConditionalGetMiddleware`: an ETag and Last-Modified on public pages for anonymous
  visitors, and 304 Not Modified without running the view when nothing changed; and the
  whole page kept (page_cached), so that the next anonymous visitor of the same URL gets
  it without the view running until something changes."""

import contextvars
import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

TABLE = "iite_content_generation"

# --- the SQL (migrations) -------------------------------------------------------------

CREATE_SQL = f"""
CREATE TABLE {TABLE} (
  id smallint PRIMARY KEY CHECK (id = 1),
  value bigint NOT NULL,
  changed_at timestamptz NOT NULL
);
INSERT INTO {TABLE} VALUES (1, 1, clock_timestamp());

CREATE FUNCTION iite_content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE {TABLE} SET value = value + 1, changed_at = clock_timestamp() WHERE id = 1;
  RETURN NULL;
END $$;
"""  # noqa: S608 -- constant names
DROP_SQL = f"DROP FUNCTION IF EXISTS iite_content_changed(); DROP TABLE IF EXISTS {TABLE};"


def trigger_sql(table: str) -> tuple[str, str]:
    """(forward, reverse) SQL of the statement-level trigger that bumps the generation
    after any INSERT, UPDATE, DELETE or TRUNCATE of `table` (a name from a migration).
    Once per statement, not per row: a bulk load of 100k rows bumps it once."""
    forward = (
        f"CREATE TRIGGER iite_content_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION iite_content_changed();"
    )
    return forward, f"DROP TRIGGER IF EXISTS iite_content_changed ON {table};"


# --- reading it -------------------------------------------------------------------------

# The generation read once per request (set back to None when a request starts); outside
# a request every call reads the database again.
_current = contextvars.ContextVar("iite_content_generation", default=None)


def _read() -> tuple[int, object]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value, changed_at FROM {TABLE} WHERE id = 1")  # noqa: S608
        return cursor.fetchone()


def current() -> tuple[int, object]:
    """(generation, when it last changed), read at most once per request."""
    value = _current.get()
    if value is None:
        value = _read()
        if _in_request.get():
            _current.set(value)
    return value


_in_request = contextvars.ContextVar("iite_in_request", default=False)


def content_cache():
    return caches[settings.CONTENT_CACHE]


def content_key(kind: str, key, *, generation=None) -> str:
    """A cache key under the current generation: `kind` names the data, `key` (any value
    with a stable repr) its variant. A change of any public content makes new keys, so an
    entry is reused only while nothing changed; old entries expire or are evicted."""
    if generation is None:
        generation, _changed = current()
    digest = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
    return f"{kind}:{generation}:{digest}"


def content_cached(kind: str, key, compute):
    """compute(), cached under content_key(kind, key)."""
    cache_key = content_key(kind, key)
    cache = content_cache()
    found = cache.get(cache_key)
    if found is None:
        found = compute()
        cache.set(cache_key, found, settings.CONTENT_CACHE_SECONDS)
    return found


# --- conditional GET --------------------------------------------------------------------


def _release() -> str:
    """Identifies the code and templates being served, so that a deployment changes every
    ETag: PORTAL_RELEASE when set, else a digest of the source files' names and times."""
    if settings.PORTAL_RELEASE:
        return settings.PORTAL_RELEASE
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "iite_portal", base / "practices", base / "policies"]
    roots += [base / "oer", *map(Path, settings.LOCALE_PATHS)]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml", ".svg", ".mo"}:
                digest.update(f"{path}:{os.stat(path).st_mtime_ns}".encode())
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()


RELEASE = None


def public_etag(request) -> str:
    """The page's ETag: content generation, release, date (pages may show today's date,
    as citations' "accessed") and the language; the URL is the browser's own key."""
    global RELEASE  # noqa: PLW0603 -- computed once per process, on the first request
    if RELEASE is None:
        RELEASE = _release()
    generation, _changed = current()
    day = timezone.localdate().isoformat()
    # Weak: a proxy that compresses the page keeps it valid.
    return "W/" + quote_etag(f"{generation}-{RELEASE}-{day}-{request.LANGUAGE_CODE}")


class ConditionalGetMiddleware:
    """Conditional GET for anonymous visitors on public pages (those under a language
    prefix, the sitemaps, robots.txt): an ETag from the content generation,
    `Cache-Control: no-cache` (keep, but ask again each time), and 304 Not Modified,
    without running the view, while nothing changed. Staff and anyone logged in always get
    a full response (previews, admin links). No Last-Modified: a deployment or a new day
    changes pages without changing data, which only the ETag accounts for."""

    def __init__(self, get_response):
        self.get_response = get_response
        prefixes = [f"/{code}/" for code, _name in settings.LANGUAGES]
        self.prefixes = (*prefixes, "/sitemap", "/robots.txt")

    def __call__(self, request):
        token = _in_request.set(True)
        reset = _current.set(None)
        try:
            return self._respond(request)
        finally:
            _current.reset(reset)
            _in_request.reset(token)

    def _applies(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and request.path.startswith(self.prefixes)
            and not request.user.is_authenticated
        )

    def _respond(self, request):
        if not self._applies(request):
            return self.get_response(request)
        etag = public_etag(request)
        response = get_conditional_response(request, etag=etag)
        if response is not None:  # 304: nothing changed since the visitor's copy
            response.headers["ETag"] = etag
            patch_cache_control(response, no_cache=True)
            response.headers["Vary"] = "Cookie, Accept-Encoding"
            return response
        cached = page_cached(request, etag)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if response.status_code == 200 and not response.has_header("ETag"):
            # A page that cached itself differently (Cache-Control set by the view) keeps it.
            response.headers["ETag"] = etag
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, no_cache=True)
        page_store(request, etag, response)
        return response


# --- whole pages ------------------------------------------------------------------------

# Cookies that never change a public page for an anonymous visitor (the language is in
# the URL). Any other cookie (a message waiting to be shown, ...) and the page is built.
NEUTRAL_COOKIES = frozenset({"django_language", "csrftoken"})


def _address(request) -> tuple[str, str, str]:
    # Pages write absolute addresses (canonical, hreflang, JSON-LD, feeds) from the host.
    return (request.scheme, request.get_host(), request.get_full_path())


def _header_value(request, name: str) -> str:
    value = request.headers.get(name, "")
    if name == "referer":  # only this site's path and query matter (the breadcrumb)
        referer = urlsplit(value)
        if referer.netloc != request.get_host():
            return ""
        query = QueryDict(referer.query, mutable=True)
        query.pop("page", None)
        return f"{referer.path}?{query.urlencode()}"
    return value


def _page_key(request, etag, headers) -> str:
    varying = [(name, _header_value(request, name)) for name in headers]
    return content_key("page", (_address(request), etag, varying))


def _vary_key(request, etag) -> str:
    return content_key("page-vary", (_address(request), etag))


def _page_cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and set(request.COOKIES) <= NEUTRAL_COOKIES
    )


def page_cached(request, etag):
    """The page as built for an earlier anonymous visitor under the same content
    generation, release, day and language (all in `etag`), and the same values of the
    request headers the page said it varies on (the Referer of a detail page's
    breadcrumb); None when there is none. Same bytes and headers, no view run."""
    if not _page_cacheable(request):
        return None
    cache = caches[settings.PAGE_CACHE]
    headers = cache.get(_vary_key(request, etag))
    if headers is None:
        return None
    stored = cache.get(_page_key(request, etag, headers))
    if stored is None:
        return None
    status, items, content = stored
    response = HttpResponse(content, status=status)
    for name, value in items:
        response.headers[name] = value
    return response


def page_store(request, etag, response) -> None:
    """Keep a full public page for page_cached: 200, not streamed, setting no cookie."""
    session = getattr(request, "session", None)
    if (
        not _page_cacheable(request)
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or response.has_header("Set-Cookie")
        # Cookies the outer middleware will set: a page with a CSRF token or a session
        # write belongs to its visitor alone.
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or any(
            word in response.headers.get("Cache-Control", "") for word in ("private", "no-store")
        )
    ):
        return
    headers = sorted(
        {
            name.strip().lower()
            for name in cc_delim_re.split(response.headers.get("Vary", ""))
            if name.strip() and name.strip().lower() not in ("cookie", "accept-encoding")
        }
    )
    if "*" in headers:
        return
    cache = caches[settings.PAGE_CACHE]
    cache.set(_vary_key(request, etag), headers, settings.PAGE_CACHE_SECONDS)
    stored = (response.status_code, list(response.headers.items()), response.content)
    cache.set(_page_key(request, etag, headers), stored, settings.PAGE_CACHE_SECONDS)
