"""The foundation: settings that refuse unsafe production starts, health check,
language redirect and the base template's landmarks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(**env):
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import iite_portal.settings.base"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _import_settings(DEBUG="false", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_the_development_key_and_short_keys():
    result = _import_settings(DEBUG="false", ALLOWED_HOSTS="x.org", SECRET_KEY="short")
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _import_settings(DEBUG="false", SECRET_KEY="k" * 64)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_production_settings_start_with_a_secret_key_and_hosts():
    result = _import_settings(DEBUG="false", SECRET_KEY="k" * 64, ALLOWED_HOSTS="x.org")
    assert result.returncode == 0, result.stderr


def test_debug_settings_start_with_convenient_defaults():
    assert _import_settings(DEBUG="true").returncode == 0


@pytest.mark.django_db
def test_healthz_answers_200_after_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(client, tmp_path):
    connection.close()
    real = connection.get_connection_params
    connection.get_connection_params = lambda: {**real(), "host": str(tmp_path), "port": 1}
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.get_connection_params = real
    assert response.status_code == 503
    assert b"database unavailable" in response.content


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("", "/en/"),
        ("fr-FR,fr;q=0.9", "/fr/"),
        ("ar", "/ar/"),
        ("zh-CN,zh;q=0.8", "/zh-hans/"),
        ("de-DE", "/en/"),
    ],
)
@pytest.mark.django_db
def test_root_redirects_to_the_visitors_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_home_page_has_landmarks_skip_link_and_language_attributes(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<a class="skip-link" href="#main">' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert "What works in ICT in education" in html


@pytest.mark.django_db
def test_arabic_pages_read_right_to_left(client):
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.django_db
def test_admin_login_renders(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.django_db
def test_search_and_unaccent_extensions_are_installed():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        names = {row[0] for row in cursor.fetchall()}
    assert {"pg_trgm", "unaccent"} <= names
