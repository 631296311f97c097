"""What the bench scripts share: the environment, the database address, timing helpers."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/l2c_bench"
RESULTS = ROOT / "var" / "bench"
#: every bench login's password
PASSWORD = "bench2026"


def db_url() -> str:
    """The bench database: ``BENCH_DATABASE_URL`` (never ``DATABASE_URL``: the build drops
    the database it names, so it must not pick up a real one from the environment)."""
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DB_URL


def setup_django() -> None:
    """Point Django at the bench database with the bench settings, then ``django.setup()``."""
    os.environ["DATABASE_URL"] = db_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def db_name(url: str | None = None) -> str:
    return (url or db_url()).rsplit("/", 1)[1].split("?", 1)[0]


def admin_url(url: str | None = None) -> str:
    """The same server, database ``postgres`` (to drop and create the bench database)."""
    return (url or db_url()).rsplit("/", 1)[0] + "/postgres"


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def summary_ms(samples: list[float]) -> dict[str, float]:
    """p50/p95/mean/max in milliseconds of samples in seconds."""
    ms = [s * 1000 for s in samples]
    return {
        "n": len(ms),
        "p50": round(pct(ms, 50), 2),
        "p95": round(pct(ms, 95), 2),
        "mean": round(statistics.fmean(ms), 2) if ms else float("nan"),
        "max": round(max(ms), 2) if ms else float("nan"),
    }


class Clock:
    """Phase timer: ``with clock("customers"): ...`` then ``clock.report()``."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float]] = []
        self.started = time.perf_counter()

    def __call__(self, name: str):
        clock = self

        class _Phase:
            def __enter__(self):
                self.t = time.perf_counter()
                print(f"[{time.perf_counter() - clock.started:7.1f}s] {name} …", flush=True)

            def __exit__(self, *exc):
                took = time.perf_counter() - self.t
                clock.phases.append((name, took))
                print(
                    f"[{time.perf_counter() - clock.started:7.1f}s] {name}: {took:.1f}s", flush=True
                )

        return _Phase()

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started
