from django.core.management.base import BaseCommand

from l2c.core import ticks


class Command(BaseCommand):
    help = "Send what time has made due: reminders, escalations, webhook retries (idempotent)."

    def handle(self, *args, **options):
        for name, counts in ticks.run_all().items():
            summary = ", ".join(f"{k} {v}" for k, v in counts.items()) or "nothing due"
            self.stdout.write(f"{name}: {summary}")
