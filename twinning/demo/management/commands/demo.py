"""`twinning demo`: load the demo data (idempotent) and, with --accounts, the demo accounts."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from twinning.demo.loader import load_accounts, load_demo
from twinning.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Load the article's twinning and illustrative data; --accounts adds one account per role."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts", action="store_true", help="create the demo accounts and print them"
        )

    def handle(self, *args, **options):
        twinning = load_demo()
        self.stdout.write(f"Demo data ready: twinning '{twinning.slug}' ({twinning}).")
        if not options["accounts"]:
            return
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo accounts are never created in production.")
        orgs = {o.slug: o for o in Organisation.objects.all()}
        rows = load_accounts(orgs)
        self.stdout.write("Demo accounts (user name / password / role / organisation):")
        for username, password, role, organisation in rows:
            self.stdout.write(f"  {username:<12} {password:<15} {role:<20} {organisation}")
