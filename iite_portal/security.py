"""Abuse protection shared by every page: the client's address, per-address rate limits
on the expensive endpoints, and the admin's own Content Security Policy."""

import ipaddress
import math
import re
import time

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import gettext as _

RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def client_ip(request) -> str:
    """The address that sent the request.

    Behind NUM_PROXIES reverse proxies, each appends the address it received from to
    X-Forwarded-For, so the client is that many hops from the right; anything further left
    was written by the client and cannot be trusted. Also used by django-axes."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.NUM_PROXIES
    if hops:
        forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [h for h in forwarded if h]
        if forwarded:
            candidate = forwarded[-min(hops, len(forwarded))]
            if _is_ip(candidate):
                return candidate
    return remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def parse_rate(rate: str) -> tuple[int, int]:
    """'60/m' -> (60 requests, 60 seconds); '10/5m' -> (10, 300)."""
    count, _sep, period = rate.partition("/")
    match = re.fullmatch(r"(\d*)([smhd])", period.strip())
    if not count.strip().isdigit() or not match:
        raise ValueError(f"A rate looks like '60/m' (per s, m, h or d), not {rate!r}.")
    return int(count), int(match.group(1) or 1) * RATE_UNITS[match.group(2)]


def matching_rule(request):
    """The first RATE_LIMITS rule that covers this request, as (name, limit, period).

    A rule matches by a regular expression on the path (`re` caches the compiled
    patterns) or by a query parameter value, such as format=csv."""
    for name, rule in settings.RATE_LIMITS.items():
        if not rule.get("rate"):
            continue  # this limit is switched off
        if any(re.search(p, request.path_info) for p in rule.get("paths", ())) or any(
            value.lower() in (v.lower() for v in request.GET.getlist(key))
            for key, value in rule.get("params", {}).items()
        ):
            return (name, *parse_rate(rule["rate"]))
    return None


def rate_limit_hit(*, name: str, client: str, limit: int, period: int) -> int:
    """Count one request in the current fixed window; return 0 if allowed, else the
    seconds until the window ends (the Retry-After)."""
    now = time.time()
    window = int(now // period)
    key = f"ratelimit:{name}:{client}:{window}"
    store = caches[settings.RATE_LIMIT_CACHE]
    store.add(key, 0, timeout=period + 1)
    try:
        count = store.incr(key)
    except ValueError:  # evicted between add and incr: start again
        store.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


class RateLimitMiddleware:
    """Answers 429 with Retry-After once a client address exceeds the rate of the
    RATE_LIMITS rule its request matches (search, API, CSV export)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rule = matching_rule(request)
        if rule:
            name, limit, period = rule
            retry_after = rate_limit_hit(
                name=name, client=client_ip(request), limit=limit, period=period
            )
            if retry_after:
                return too_many_requests(retry_after)
        return self.get_response(request)


def too_many_requests(retry_after: int) -> HttpResponse:
    message = _("Too many requests from your address. Please try again in %(seconds)d seconds.")
    response = HttpResponse(
        message % {"seconds": retry_after} + "\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    return response


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp, plus ADMIN_CSP_UPDATE for the admin: some admin templates of
    django-import-export and django-simple-history carry style="" attributes. Scripts stay
    'self' everywhere."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/") and parts.update is None:
            parts.update = settings.ADMIN_CSP_UPDATE
        return parts


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes's lockout check for every sign-in through a web form.

    authenticate() without a request (the test client's login(), a management command)
    comes from no address that could be locked; it is passed on to the next backend
    instead of refused, so that such callers need not know about axes."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
