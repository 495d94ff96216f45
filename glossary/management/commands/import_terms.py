from django.core.management.base import BaseCommand, CommandError

from glossary.importing import (
    CONFLICT_CHOICES,
    FAIL,
    change_lines,
    import_terms,
    problems,
    read_dataset,
    summary,
)

PROGRESS_EVERY = 250


class Command(BaseCommand):
    help = (
        "Import terms from a .csv, .xlsx or .json file (columns: name, definition, topic or topics, "
        "source_id, optional status ...). All rows or nothing: any bad row and nothing is saved, "
        "unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv, .xlsx or .json file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, save nothing.")
        parser.add_argument(
            "--on-conflict",
            choices=[choice for choice, _ in CONFLICT_CHOICES],
            default=FAIL,
            help="A row named like an existing term from elsewhere (another or no source id): "
            "fail (an error, the default), skip (leave the term) or update (overwrite it).",
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Save the valid rows and list the others."
        )

    def handle(self, *args, file, dry_run=False, on_conflict=FAIL, skip_invalid=False, **options):
        try:
            dataset = read_dataset(file)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        result, resource = import_terms(
            dataset,
            dry_run=dry_run,
            progress=self.progress_printer(len(dataset)),
            on_conflict=on_conflict,
            skip_invalid=skip_invalid,
        )
        self.stdout.write(summary(result, resource.sense_counts))
        for line in change_lines(resource.changes):
            self.stdout.write(line)
        bad = result.has_errors() or result.has_validation_errors()
        for line in problems(result) if bad else []:
            self.stderr.write(line)
        if result.has_errors() or result.base_errors or (bad and not skip_invalid):
            raise CommandError("Nothing was imported: fix the rows above and run the import again.")
        done = "Dry run: nothing was saved." if dry_run else "Import saved."
        if bad:
            done += " The rows listed above were skipped."
        self.stdout.write(self.style.SUCCESS(done))

    def progress_printer(self, total):
        def progress(number):
            if number % PROGRESS_EVERY == 0 or number == total:
                filled = number * 30 // max(total, 1)
                self.stdout.write(f"[{'#' * filled}{'.' * (30 - filled)}] {number}/{total} rows")

        return progress
