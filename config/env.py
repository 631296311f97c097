"""Settings read from the environment (12-factor). Nothing else in config reads os.environ."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_config(default_sqlite: Path) -> dict:
    """DATABASE_URL, or the embedded SQLite file ``var/l2c.sqlite3``."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config = dj_database_url.parse(url, conn_max_age=60 if url.startswith("postgres") else 0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL + a busy timeout make the embedded database usable by the dev server and the
        # tick thread at the same time.
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    return config
