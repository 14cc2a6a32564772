"""Shared fixtures for the whole test suite."""

import pytest
from django.core.cache import caches


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
