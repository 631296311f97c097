from django.core.management.base import BaseCommand

from l2c.web.demo import DEMO_PASSWORD, demo_logins, load_demo


class Command(BaseCommand):
    help = "Load the demo company (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="do not print the logins")

    def handle(self, *args, quiet=False, **options):
        created = load_demo()
        summary = ", ".join(f"{k} {v}" for k, v in created.items())
        self.stdout.write(f"demo company loaded (created: {summary})")
        if quiet:
            return
        self.stdout.write("")
        self.stdout.write(f"Demo logins — every password is: {DEMO_PASSWORD}")
        for username, name, dept, title in demo_logins():
            self.stdout.write(f"  {username:<11} {name}  {dept} · {title}")
        self.stdout.write("")
