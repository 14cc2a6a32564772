"""Link checking: which external links the records cite, checking them politely, storing
the result per link (`LinkCheck`) and finding the records whose links are broken.

The checker uses the standard library (urllib in a thread pool): a link check needs one
request, redirects recorded and a timeout, which urllib does without a new dependency."""

import re
import socket
import threading
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, zip_longest
from urllib.parse import urlsplit

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, F, Func, OuterRef, Q, TextField, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Regex

from .models import LinkCheck

USER_AGENT = "IITE-Knowledge-Portal-link-checker/1.0"

# model label -> (fields holding one URL, text fields citing URLs among other words)
LINK_FIELDS = {
    "policies.policy": (("official_url",), ()),
    "oer.resource": (("url",), ()),
    "practices.casestudy": ((), ("sources",)),
}

# A URL in free text ends at white space or a bracket or quote; trailing punctuation is
# the sentence's, not the URL's. URL_END_SQL says the same to PostgreSQL, so the records
# found by `broken_link_condition` are those whose text `urls_in_text` reads the URL from.
URL_RE = re.compile(r"https?://[^\s<>()\[\]\"']+", re.IGNORECASE)
TRAILING = ".,;:!?"
URL_END_SQL = r"[.,;:!?]*($|[\s<>()\[\]" + "\"'])"


def urls_in_text(text: str) -> list[str]:
    found = (match.rstrip(TRAILING) for match in URL_RE.findall(text or ""))
    return list(dict.fromkeys(url for url in found if urlsplit(url).hostname))


def link_models():
    return [apps.get_model(label) for label in LINK_FIELDS]


def record_urls(record) -> list[str]:
    """The external links of one record, in the order they appear."""
    url_fields, text_fields = LINK_FIELDS[record._meta.label_lower]
    urls = [getattr(record, name) for name in url_fields]
    urls += chain.from_iterable(urls_in_text(getattr(record, name)) for name in text_fields)
    return list(dict.fromkeys(url for url in urls if url))


def collect_urls() -> list[str]:
    """Every external link cited by any record (one query per kind of record)."""
    urls = []
    for model in link_models():
        url_fields, text_fields = LINK_FIELDS[model._meta.label_lower]
        for row in model.objects.values_list(*url_fields, *text_fields):
            urls += [value for value in row[: len(url_fields)] if value]
            urls += chain.from_iterable(urls_in_text(text) for text in row[len(url_fields) :])
    return sorted(set(urls))


def broken_link_condition(model) -> Q:
    """A filter for `model` records citing a link whose last check failed."""
    url_fields, text_fields = LINK_FIELDS[model._meta.label_lower]
    broken = LinkCheck.objects.filter(ok=False)
    condition = Q(pk__in=[])
    for name in url_fields:
        condition |= Q(**{f"{name}__in": broken.values("url")})
    for name in text_fields:
        condition |= Q(Exists(broken.filter(Regex(OuterRef(name), _url_pattern()))))
    return condition


def _url_pattern():
    # The URL as a regular expression: every character but letters and digits escaped
    # (in PostgreSQL's regular expressions a backslash makes any such character literal).
    escaped = Func(
        F("url"),
        Value(r"([^[:alnum:]])"),
        Value(r"\\\1"),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    return Concat(escaped, Value(URL_END_SQL), output_field=TextField())


def link_checks_for(urls: Iterable[str]) -> dict[str, LinkCheck]:
    urls = [url for url in urls if url]
    if not urls:
        return {}
    return {check.url: check for check in LinkCheck.objects.filter(url__in=urls)}


@dataclass
class LinkResult:
    ok: bool = False
    status_code: int | None = None
    error: str = ""
    final_url: str = ""
    redirects: list = field(default_factory=list)


class _RecordingRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self):
        self.chain = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.chain.append([code, newurl])
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"  # urllib before Python 3.12 turns it into a GET
        return new


def check_url(url: str, *, timeout: float) -> LinkResult:
    """HEAD the link; if that fails with anything but a timeout, GET it (many servers
    refuse HEAD). Redirects are followed and recorded."""
    if urlsplit(url).scheme not in ("http", "https"):
        return LinkResult(error="not an http(s) link")
    result = _request(url, "HEAD", timeout)
    if not result.ok and result.error != "timed out":
        result = _request(url, "GET", timeout)
    return result


def _request(url: str, method: str, timeout: float) -> LinkResult:
    redirects = _RecordingRedirects()
    opener = urllib.request.build_opener(redirects)
    request = urllib.request.Request(  # noqa: S310 (check_url allows http and https only)
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    try:
        # The response body is never read: the status is all a link check needs.
        with opener.open(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            code = response.status
            return LinkResult(
                ok=200 <= code < 400,
                status_code=code,
                final_url=response.geturl(),
                redirects=redirects.chain,
            )
    except urllib.error.HTTPError as exc:
        return LinkResult(
            status_code=exc.code,
            error=f"HTTP {exc.code} {exc.reason}",
            final_url=exc.geturl() or url,
            redirects=redirects.chain,
        )
    except TimeoutError:
        return LinkResult(error="timed out", redirects=redirects.chain)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError | socket.timeout):
            return LinkResult(error="timed out", redirects=redirects.chain)
        return LinkResult(error=str(reason)[:500] or type(exc).__name__, redirects=redirects.chain)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or parts.scheme}"


def interleave_by_host(urls: Iterable[str]) -> list[str]:
    """One URL of each host in turn, so that the pool's threads do not all wait for the
    same busy host."""
    by_host = defaultdict(list)
    for url in urls:
        by_host[host_of(url)].append(url)
    rounds = zip_longest(*by_host.values())
    return [url for batch in rounds for url in batch if url is not None]


def check_urls(
    urls: Iterable[str], *, timeout: float, per_host: int, workers: int
) -> Iterator[tuple[str, LinkResult]]:
    """Check many links at once: at most `workers` requests in all and `per_host` to any
    one host at a time. Yields (url, result) as they finish."""
    locks = defaultdict(lambda: threading.BoundedSemaphore(per_host))
    guard = threading.Lock()

    def check(url):
        with guard:
            slot = locks[host_of(url)]
        with slot:
            return url, check_url(url, timeout=timeout)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="linkcheck") as pool:
        yield from pool.map(check, interleave_by_host(urls))


@transaction.atomic
def linkchecks_store(*, results: Iterable[tuple[str, LinkResult]], checked_at) -> int:
    rows = [
        LinkCheck(
            url=url,
            ok=result.ok,
            status_code=result.status_code,
            error=result.error,
            final_url=result.final_url,
            redirects=result.redirects,
            checked_at=checked_at,
        )
        for url, result in results
    ]
    LinkCheck.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["url"],
        update_fields=["ok", "status_code", "error", "final_url", "redirects", "checked_at"],
    )
    return len(rows)


def linkchecks_prune(*, keep: Iterable[str]) -> int:
    """Forget the checks of links no record cites any more."""
    deleted, _ = LinkCheck.objects.exclude(url__in=list(keep)).delete()
    return deleted
