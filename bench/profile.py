"""Profile one hot path in-process on the bench database (cProfile), to see where the time
goes before changing anything:

    python -m bench.profile page rep          # the rep's "my customers" page (also manager, gm)
    python -m bench.profile import 20000      # the xlsx import of N rows (rolled back)
    python -m bench.profile sweep 20000       # the pool-drop sweep of ~N cards (rolled back)

Prints the mean time and the top functions by own time and by cumulative time.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time

from bench.common import setup_django


def _report(prof: cProfile.Profile, top: int = 35) -> None:
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(top)
        print(out.getvalue())


def profile_page(role: str, n: int = 50) -> None:
    from django.test import Client

    from bench.run import PAGES, subjects

    who = subjects()
    key = {"rep": "rep_page", "manager": "manager_page", "gm": "gm_page"}[role]
    _role, path, _args = PAGES[key]
    client = Client()
    client.force_login(who[role])
    for _ in range(5):
        assert client.get(path).status_code == 200
    t = time.perf_counter()
    for _ in range(n):
        client.get(path)
    plain = (time.perf_counter() - t) / n
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        client.get(path)
    prof.disable()
    print(f"{path} as {who[role].username}: {plain * 1000:.1f} ms a request (unprofiled)")
    _report(prof)


def profile_import(rows: int) -> None:
    from django.db import transaction

    from bench.run import import_input
    from l2c.customers.imports import customers_import

    actor, data, _first = import_input(rows)
    prof = cProfile.Profile()
    with transaction.atomic():
        t = time.perf_counter()
        prof.enable()
        job = customers_import(actor=actor, file=io.BytesIO(data), file_name="profile.xlsx")
        prof.disable()
        took = time.perf_counter() - t
        transaction.set_rollback(True)
    print(f"import of {rows} rows: {took:.1f} s profiled ({job.created_count} created)")
    _report(prof)


def profile_sweep(target: int) -> None:
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from l2c.customers.tasks import cards_due_to_drop, drop_void_cards

    now, ahead = timezone.now(), dt.timedelta(0)
    while ahead < dt.timedelta(days=60):
        ahead += dt.timedelta(hours=6)
        if cards_due_to_drop(now + ahead).count() >= target:
            break
    prof = cProfile.Profile()
    with transaction.atomic():
        t = time.perf_counter()
        prof.enable()
        dropped = drop_void_cards(now + ahead)
        prof.disable()
        took = time.perf_counter() - t
        transaction.set_rollback(True)
    print(f"sweep: {dropped} cards in {took:.2f} s profiled")
    _report(prof)


def main() -> None:
    setup_django()
    what = sys.argv[1] if len(sys.argv) > 1 else "page"
    arg = sys.argv[2] if len(sys.argv) > 2 else ""
    if what == "page":
        profile_page(arg or "rep")
    elif what == "import":
        profile_import(int(arg or 20000))
    elif what == "sweep":
        profile_sweep(int(arg or 20000))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
