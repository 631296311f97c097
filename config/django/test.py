"""Tests: the same settings, a fast password hasher, and the database from TEST_DATABASE_URL."""

import os
import tempfile
from pathlib import Path

from config.django.base import *  # noqa: F403
from config.env import BASE_DIR, database_config

if os.environ.get("TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
DATABASES = {"default": database_config(BASE_DIR / "var" / "test.sqlite3")}
DATABASES["default"]["TEST"] = {"NAME": None}
#: uploads of the tests go to a scratch directory, never to var/media
MEDIA_ROOT = str(Path(tempfile.gettempdir()) / "l2c-test-media")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Query-count tests count every policy read; the cache has its own test
# (l2c/policy/tests/test_cache.py).
L2C_POLICY_CACHE_SECONDS = 0
