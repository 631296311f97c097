"""``make run``: the development server with ``l2c_tick`` running in-process every minute."""

from __future__ import annotations

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from l2c.core import ticks


def _tick_forever(stop: threading.Event, interval: float) -> None:
    while not stop.wait(interval):
        close_old_connections()
        try:
            ticks.run_all()
        finally:
            close_old_connections()


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
