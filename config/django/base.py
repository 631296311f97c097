"""Settings shared by every environment."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, database_config, env_bool, env_list, env_str

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    # the platform
    "l2c.core",
    "l2c.org",
    "l2c.policy",
    "l2c.audit",
    "l2c.notifications",
    "l2c.approvals",
    # the flow
    "l2c.reception",
    "l2c.customers",
    "l2c.activities",
    "l2c.catalog",
    "l2c.deals",
    "l2c.contracts",
    "l2c.fulfillment",
    "l2c.finance",
    "l2c.reports",
    # the web shell
    "l2c.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "l2c.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "l2c.core.middleware.RequestContextMiddleware",
    "l2c.core.middleware.BusinessRuleErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "l2c.web.context_processors.shell",
            ],
        },
    }
]

DATABASES = {"default": database_config(BASE_DIR / "var" / "l2c.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("L2C_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
#: uploaded files (the customer's signed confirmation scans); served only through the
#: views that check who may see them, never as a public directory
MEDIA_URL = "media/"
MEDIA_ROOT = env_str("L2C_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
#: a sign-in lasts a working day (12 hours), not Django's two weeks: a phone left behind in a
#: showroom does not stay signed in to the customer archive (issue 16)
SESSION_COOKIE_AGE = int(env_str("L2C_SESSION_HOURS", "12")) * 3600
#: Set behind your own reverse proxy, so the audit log records the real client IP.
L2C_TRUST_X_FORWARDED_FOR = env_bool("L2C_TRUST_X_FORWARDED_FOR", False)
#: The site's address as users reach it; links in group-webhook messages (BR-RPT-07) start
#: with it. Empty: the messages carry no link.
L2C_BASE_URL = env_str("L2C_BASE_URL", "http://127.0.0.1:8000")
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "l2c.org.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "l2c.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "L2C API",
    "DESCRIPTION": "L2C 销售管理系统 — REST API. Errors are JSON: {code, rule, message}.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("L2C_LOG_LEVEL", "WARNING")},
}
