"""Production settings: the deploy check passes, HTTPS is enforced by default, and the
environment switches Redis and S3 on."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
}
OURS = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests; never in production
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "RATE_LIMIT_SEARCH",
    "NUM_PROXIES",
}


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in OURS | PRODUCTION_ENV.keys()}
    clean.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="iite_portal.settings.base", **env)
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )


def _production_settings(*names, **env):
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(["-c", "import django; django.setup(); " + code], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_deploy_check_reports_no_warning_with_a_production_environment():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_deploy_check_still_passes_when_hsts_preload_is_asked_for():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SECURE_HSTS_PRELOAD="true"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(0 silenced)" in result.stdout


def test_production_defaults_redirect_to_https_with_two_years_of_hsts_and_secure_cookies():
    values = _production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 2 * 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
    }


def test_environment_switches_the_redirect_off_and_names_the_proxy_header():
    values = _production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert values == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_a_malformed_proxy_header_setting_refuses_to_start():
    result = _run(["-c", "import iite_portal.settings.base"], SECURE_PROXY_SSL_HEADER="X_PROTO")
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER is a header and its value" in result.stderr


def test_redis_url_gives_a_shared_redis_cache_and_its_absence_a_local_one():
    with_redis = _production_settings("CACHES", REDIS_URL="redis://cache.internal:6379/0")
    assert with_redis["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/0",
    }
    without = _production_settings("CACHES")
    assert without["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_a_bucket_name_puts_uploaded_files_on_s3_compatible_storage():
    values = _production_settings(
        "STORAGES",
        AWS_STORAGE_BUCKET_NAME="iite-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
    )
    default = values["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "iite-media"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert default["OPTIONS"]["default_acl"] is None
    assert _production_settings("STORAGES")["STORAGES"]["default"]["BACKEND"].endswith(
        "FileSystemStorage"
    )


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_with_the_redirect_on_plain_http_pages_move_to_https_but_healthz_answers(client):
    response = client.get("/en/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/", secure=True).status_code == 200


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=63072000)
def test_https_responses_carry_hsts_for_two_years_with_subdomains(client):
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains"


def test_production_rate_limits_cover_search_the_api_and_csv_by_default():
    rules = _production_settings("RATE_LIMITS")["RATE_LIMITS"]
    assert {name: rule["rate"] for name, rule in rules.items()} == {
        "search": "60/m",
        "api": "120/m",
        "csv": "20/m",
    }
    switched = _production_settings("RATE_LIMITS", RATE_LIMIT_CSV="off", RATE_LIMIT_API="5/s")
    assert switched["RATE_LIMITS"]["csv"]["rate"] is None
    assert switched["RATE_LIMITS"]["api"]["rate"] == "5/s"
