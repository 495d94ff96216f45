from django.core.management.base import BaseCommand, CommandError

from glossary.synthetic import make_synthetic_terms


class Command(BaseCommand):
    help = "Create N synthetic published terms (for benchmarks and tests), kept in the search index."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many terms to create, e.g. 100000.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same terms."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be created, change nothing."
        )

    def handle(self, *args, count, seed, dry_run, **options):
        if count < 1:
            raise CommandError("Give a positive number of terms, e.g. 3000.")
        if dry_run:
            self.stdout.write(f"Would create {count} synthetic terms (seed {seed}).")
            return
        created = make_synthetic_terms(count, seed=seed)
        self.stdout.write(self.style.SUCCESS(f"Created {created} synthetic terms."))
