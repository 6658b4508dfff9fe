import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from twinning.reminders.sending import send_reminders


class Command(BaseCommand):
    help = (
        "Send each user, by e-mail, the reminders due today (plans not agreed by 1 December, "
        "activities unconfirmed after 30 days, the yearly report in January, twinnings without "
        "activity for six months). Run it once a day; a second run the same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="The day to send for, YYYY-MM-DD (default: today in TIME_ZONE)."
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD.") from error
        sent = send_reminders(today)
        self.stdout.write(
            f"{today.isoformat()}: {sent.reminders} reminder(s) sent to {sent.users} user(s)."
        )
