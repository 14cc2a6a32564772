"""Custom 400, 403, 404 and 500 pages: the site's look, the reader's language, no details."""

import pytest
from django.template import loader
from django.test import Client
from django.utils import translation

from tests.urls_errors import SECRET_DETAIL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls_errors")]


def _assert_no_details(html):
    assert SECRET_DETAIL not in html
    assert "secret-detail" not in html
    assert "Traceback" not in html
    assert "settings.py" not in html


def test_a_server_error_shows_the_portal_500_page_without_details():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "<title>Erreur du serveur" in html  # "Server error", from Django's catalogue
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<a href="/fr/">' in html
    _assert_no_details(html)


def test_the_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    with django_assert_num_queries(0), translation.override("en"):
        html = loader.get_template("500.html").render()
    assert "Something went wrong on our side" in html


def test_a_missing_page_shows_the_portal_404_page_in_the_readers_language(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<title>الصفحة غير موجودة" in html  # "Page not found", from our Arabic catalogue
    assert 'class="site-header"' in html
    assert 'href="/ar/"' in html


def test_an_unknown_record_shows_the_404_page(client):
    response = client.get("/en/policies/no-such-policy/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_request_shows_the_403_page_without_the_reason(client):
    response = client.get("/test-errors/403", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "No puede abrir esta página" in html  # "You cannot open this page"
    _assert_no_details(html)


def test_a_bad_request_shows_the_400_page_without_the_reason(client):
    response = client.get("/test-errors/400", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="ru"' in html
    assert "Не удалось обработать запрос" in html  # "This request could not be understood"
    _assert_no_details(html)


def test_an_unknown_host_gets_the_400_page(client):
    response = client.get("/en/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This request could not be understood" in html
    assert "attacker.example" not in html


def test_a_form_without_its_csrf_token_gets_a_clear_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form could not be sent" in html
    assert "CSRF cookie not set" not in html  # Django's reason stays in the log
