from django.core.management.base import BaseCommand, CommandError

from glossary.importing import import_terms, problems, read_dataset, summary

PROGRESS_EVERY = 250


class Command(BaseCommand):
    help = (
        "Import terms from a .csv, .xlsx or .json file (columns: name, definition, topic or topics, "
        "source_id, optional status ...). All rows or nothing: any bad row and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv, .xlsx or .json file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing.")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            dataset = read_dataset(file)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        total = len(dataset)
        result, sense_counts = import_terms(dataset, dry_run=dry_run, progress=self.progress_printer(total))
        self.stdout.write(summary(result, sense_counts))
        if result.has_errors() or result.has_validation_errors():
            for line in problems(result):
                self.stderr.write(line)
            raise CommandError("Nothing was imported: fix the rows above and run the import again.")
        done = "Dry run: nothing was saved." if dry_run else "Import saved."
        self.stdout.write(self.style.SUCCESS(done))

    def progress_printer(self, total):
        def progress(number):
            if number % PROGRESS_EVERY == 0 or number == total:
                filled = number * 30 // max(total, 1)
                self.stdout.write(f"[{'#' * filled}{'.' * (30 - filled)}] {number}/{total} rows")

        return progress
