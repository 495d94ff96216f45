from django.core.management.base import BaseCommand, CommandError

from glossary.content_checks import check_glossary, cited_share, topic_counts
from glossary.loaders import read_terms, read_topics


class Command(BaseCommand):
    help = "Check the demo glossary files against the editorial rules (names, links, lengths)."

    def handle(self, *args, **options):
        entries = read_terms()
        topic_slugs = [topic["slug"] for topic in read_topics()]
        problems = check_glossary(entries, set(topic_slugs))
        for slug, count in topic_counts(entries, topic_slugs).items():
            self.stdout.write(f"{count:5} {slug}")
        self.stdout.write(f"{cited_share(entries):5.0%} of terms cite a source")
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in {len(entries)} terms.")
        self.stdout.write(self.style.SUCCESS(f"{len(entries)} terms pass every check."))
