"""Local development and the demo (`make run`)."""

from config.django.base import *  # noqa: F403
from config.env import env_bool

#: off unless asked for (DJANGO_DEBUG=true): the demo serves like production — the app's own
#: 404/500 pages, no URL list or traceback with settings and SQL (issue 16); WhiteNoise
#: serves the static files either way
DEBUG = env_bool("DJANGO_DEBUG", False)
