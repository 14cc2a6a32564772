"""Per-address rate limits on search, the API and CSV exports: 429 with Retry-After."""

import re

import pytest
from django.test import RequestFactory, override_settings

from iite_portal.security import client_ip, matching_rule, parse_rate
from iite_portal.settings import base as production

# The suite runs with RATE_LIMITS = {} (settings/test.py); these are the rules of base.py.
PRODUCTION_RULES = production.RATE_LIMITS

HOME_LIMITED = {"home": {"paths": [r"^/en/$"], "rate": "3/m"}}


@pytest.mark.django_db
@override_settings(RATE_LIMITS=HOME_LIMITED)
def test_requests_over_the_rate_get_429_with_retry_after(client):
    for _ in range(3):
        assert client.get("/en/", REMOTE_ADDR="203.0.113.7").status_code == 200
    response = client.get("/en/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert f"try again in {response['Retry-After']} seconds" in response.content.decode()


@pytest.mark.django_db
@override_settings(RATE_LIMITS=HOME_LIMITED)
def test_each_client_address_has_its_own_budget(client):
    for _ in range(4):
        client.get("/en/", REMOTE_ADDR="203.0.113.7")
    assert client.get("/en/", REMOTE_ADDR="198.51.100.9").status_code == 200


@pytest.mark.django_db
@override_settings(RATE_LIMITS=HOME_LIMITED)
def test_paths_outside_the_rules_are_not_limited(client):
    for _ in range(5):
        assert client.get("/en/policies/", REMOTE_ADDR="203.0.113.7").status_code == 200


@pytest.mark.django_db
@override_settings(
    RATE_LIMITS={"csv": {"paths": [r"\.csv$"], "params": {"format": "csv"}, "rate": "1/h"}}
)
def test_a_query_parameter_rule_limits_csv_exports_of_any_list(client):
    assert client.get("/en/policies/?format=csv").status_code == 200
    response = client.get("/en/practices/?format=CSV")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600  # until the end of the hour window


@pytest.mark.django_db
@override_settings(RATE_LIMITS={"home": {"paths": [r"^/en/$"], "rate": None}})
def test_a_rule_switched_off_limits_nothing(client):
    for _ in range(5):
        assert client.get("/en/").status_code == 200


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("/en/search/", "search"),
        ("/zh-hans/search/?q=ai", "search"),
        ("/api/v1/policies/", "api"),
        ("/fr/api/policies/", "api"),
        ("/en/policies.csv", "csv"),
        ("/en/policies/export.csv", "csv"),
        ("/en/oer/?format=csv&page=2", "csv"),
        ("/en/policies/", None),
        ("/en/practices/search-tips/", None),
        ("/admin/", None),
    ],
)
@override_settings(RATE_LIMITS=PRODUCTION_RULES)
def test_the_default_rules_cover_search_the_api_and_csv(path, rule):
    found = matching_rule(RequestFactory().get(path))
    assert (found[0] if found else None) == rule


def test_the_default_rates_are_set_for_search_api_and_csv():
    assert {name: parse_rate(rule["rate"]) for name, rule in PRODUCTION_RULES.items()} == {
        "search": (60, 60),
        "api": (120, 60),
        "csv": (20, 60),
    }


@pytest.mark.parametrize("bad", ["60", "x/m", "10/w", "/m"])
def test_a_malformed_rate_is_refused_with_an_example(bad):
    with pytest.raises(ValueError, match=re.escape("'60/m'")):
        parse_rate(bad)


@pytest.mark.parametrize(
    ("num_proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),  # no proxy trusted: the header is the client's lie
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # left-most hop was forged
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_address_is_the_right_most_untrusted_hop(num_proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(NUM_PROXIES=num_proxies):
        assert client_ip(request) == expected


@pytest.mark.django_db
@override_settings(RATE_LIMITS=HOME_LIMITED, NUM_PROXIES=1)
def test_behind_a_proxy_clients_are_counted_by_their_forwarded_address(client):
    for _ in range(3):
        client.get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    limited = client.get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    other = client.get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert (limited.status_code, other.status_code) == (429, 200)


@pytest.mark.django_db
@override_settings(RATE_LIMITS=HOME_LIMITED)
def test_retry_after_counts_the_seconds_left_in_the_window(client, monkeypatch):
    monkeypatch.setattr("iite_portal.security.time.time", lambda: 1_800_000_000 + 10.2)
    for _ in range(3):
        client.get("/en/")
    assert client.get("/en/")["Retry-After"] == "50"  # the minute window started 10.2 s ago


@pytest.mark.django_db
@override_settings(RATE_LIMITS=PRODUCTION_RULES)
def test_with_the_default_rules_the_61st_search_in_a_minute_is_refused(client, monkeypatch):
    monkeypatch.setattr("iite_portal.security.time.time", lambda: 1_800_000_000.0)
    statuses = [client.get("/en/search/", {"q": "ai"}).status_code for _ in range(61)]
    assert 429 not in statuses[:60]  # the search page itself may not exist on this branch
    assert statuses[60] == 429
