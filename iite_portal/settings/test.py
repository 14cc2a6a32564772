"""Test settings: a throwaway embedded PostgreSQL (or DATABASE_URL), fast hashing."""

import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .base import *  # noqa: E402,F403
from .base import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "iite_portal.embedded_pg":
    DATABASES["default"]["OPTIONS"] = {
        "pgdata": tempfile.mkdtemp(prefix="iite-test-pg-"),
        "keep_running": False,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the source folders, as in development: no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The test client speaks plain HTTP; production's redirect is tested on its own.
SECURE_SSL_REDIRECT = False
# Rate limits are off for the suite, so that tests making many requests (hypothesis) see
# the pages; test_security_ratelimit.py turns the production rules on where it needs them.
RATE_LIMITS = {}
