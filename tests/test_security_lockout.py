"""The admin sign-in locks a user name from one address after 5 failures, for 15 minutes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import StaffFactory

PASSWORD = "correct horse battery staple"


def _sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def _fail_five_times(client, username, ip="203.0.113.7"):
    for _ in range(5):
        response = _sign_in(client, username, "wrong password", ip)
    return response


@pytest.mark.django_db
def test_four_failures_still_allow_the_right_password(client):
    StaffFactory(username="editor1")
    for _ in range(4):
        assert _sign_in(client, "editor1", "wrong password").status_code == 200
    response = _sign_in(client, "editor1", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_after_five_failures_even_the_right_password_is_refused_with_a_clear_message(client):
    StaffFactory(username="editor1")
    _fail_five_times(client, "editor1")
    response = _sign_in(client, "editor1", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-in attempts" in html
    assert "After 5 failed attempts" in html
    assert "try again in 15 minutes" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html  # the site's style
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_another_user_name_from_the_same_address_is_not_locked(client):
    StaffFactory(username="editor1")
    StaffFactory(username="editor2")
    _fail_five_times(client, "editor1")
    response = _sign_in(client, "editor2", PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_same_user_name_from_another_address_is_not_locked(client):
    StaffFactory(username="editor1")
    _fail_five_times(client, "editor1", ip="203.0.113.7")
    assert _sign_in(client, "editor1", PASSWORD, ip="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_15_minutes(client):
    from axes.models import AccessAttempt

    StaffFactory(username="editor1")
    _fail_five_times(client, "editor1")
    assert _sign_in(client, "editor1", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert _sign_in(client, "editor1", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_sign_in_without_a_request_still_works_for_tests_and_commands(client):
    StaffFactory(username="editor1")
    assert client.login(username="editor1", password=PASSWORD)
    assert not client.login(username="editor1", password="wrong password")


@pytest.mark.django_db
def test_the_lockout_checker_comes_first_among_the_backends():
    from axes.backends import AxesStandaloneBackend
    from django.contrib.auth import get_backends

    assert isinstance(get_backends()[0], AxesStandaloneBackend)
