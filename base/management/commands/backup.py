from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from base.backup import BackupNotSupported, backup_sqlite


class Command(BaseCommand):
    help = "Copy the SQLite database consistently while the site runs (README: Backups)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Where to write the copy (default: backups/db-<UTC date and time>.sqlite3).",
        )

    def handle(self, *args, output=None, **options):
        output = output or f"backups/db-{timezone.now():%Y%m%d-%H%M%S}.sqlite3"
        try:
            path = backup_sqlite(output)
        except BackupNotSupported as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backed up the database to {path}"))
