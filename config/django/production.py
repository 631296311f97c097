"""Production: fail fast without a secret, secure cookies, PostgreSQL expected."""

from django.core.exceptions import ImproperlyConfigured

from config.django.base import *  # noqa: F403
from config.env import env_bool, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
SESSION_COOKIE_SECURE = env_bool("L2C_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("L2C_SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
#: browsers keep to HTTPS for a year once they have seen the site over it (HSTS; sent only
#: on HTTPS answers). L2C_HSTS_SECONDS=0 turns it off for a site still moving to HTTPS.
SECURE_HSTS_SECONDS = int(env_str("L2C_HSTS_SECONDS", "31536000"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CACHES_URL = env_str("REDIS_URL")
if CACHES_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHES_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
