"""Settings for the benchmark: production's, with what a bench on one machine needs.

DEBUG off, PostgreSQL ``l2c_bench``, cookies not marked Secure (plain HTTP on loopback),
and plain static storage (static files are not served or measured; production's
manifest storage would need ``collectstatic`` first).
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret-0123456789abcdef")
os.environ.setdefault("L2C_SECURE_COOKIES", "0")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/l2c_bench"
)

from config.django.production import *  # noqa: F403

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
