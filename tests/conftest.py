"""Shared fixtures for the whole test suite."""

import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate-limit counters live in the cache: every test starts with none."""
    for cache in caches.all():
        cache.clear()
    yield
