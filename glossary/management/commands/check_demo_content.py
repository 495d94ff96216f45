from django.core.management.base import BaseCommand, CommandError

from glossary.content_checks import check_glossary
from glossary.loaders import read_terms, read_topics


class Command(BaseCommand):
    help = "Check the demo glossary files against the editorial rules (names, links, lengths)."

    def handle(self, *args, **options):
        entries = read_terms()
        problems = check_glossary(entries, {topic["slug"] for topic in read_topics()})
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {len(entries)} terms.")
        self.stdout.write(self.style.SUCCESS(f"{len(entries)} terms pass every check."))
