"""``make run``: the development server with ``l2c_tick`` running in-process every minute."""

from __future__ import annotations

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from l2c.core import ticks

log = logging.getLogger("l2c.tick")


def _tick_forever(stop: threading.Event, interval: float) -> None:
    """Run the tick at once, then every ``interval`` seconds, until ``stop``; an error is
    logged and the thread goes on (it must not die silently)."""
    while True:
        try:
            close_old_connections()
            ticks.run_all()
        except Exception:  # the ticker must survive anything
            log.exception("l2c_tick failed")
        finally:
            try:
                close_old_connections()
            except Exception:
                log.exception("closing connections failed")
        if stop.wait(interval):
            return


class Command(BaseCommand):
    help = "Serve the app (runserver, no autoreload) and run l2c_tick every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args, addrport, interval, **options):
        stop = threading.Event()
        ticker = threading.Thread(
            target=_tick_forever, args=(stop, interval), name="l2c-tick", daemon=True
        )
        ticker.start()
        self.stdout.write(f"l2c_tick runs every {interval:g} s in this process")
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            stop.set()
