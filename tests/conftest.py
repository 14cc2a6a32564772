"""Shared fixtures for the whole test suite."""

import pytest
from django.core.cache import caches


@pytest.fixture(scope="session", autouse=True)
def _end_stray_database_sessions(django_db_setup, django_db_blocker):
    """Threads that used the ORM (live server, link checker pool) may leave a connection
    open; end them so the test database can be dropped at the end of the run."""
    yield
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """A request or a test that activates a language must not leak it into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate-limit counters live in the cache: every test starts with none."""
    for cache in caches.all():
        cache.clear()
    yield


def _register_hypothesis_profiles():
    """ "ci" (default): a few hundred examples per endpoint of the fuzz test; "fuzz"
    (HYPOTHESIS_PROFILE=fuzz, `make fuzz`): 10,000 in all."""
    import math
    import os

    from hypothesis import HealthCheck, settings

    from tests.endpoints import PUBLIC_ENDPOINTS

    # The fuzz test reuses one client and a few read-only records for every example.
    common = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}
    settings.register_profile("ci", max_examples=200, **common)
    settings.register_profile(
        "fuzz", max_examples=math.ceil(10_000 / len(PUBLIC_ENDPOINTS)), **common
    )
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_register_hypothesis_profiles()
