from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from base.roles import create_demo_users, demo_password
from courses.loaders import load_courses
from glossary.derived import bulk_changes
from glossary.loaders import load_glossary


class Command(BaseCommand):
    """The whole demo site: each app's loader in layer order (glossary, then the CIOP program that
    names its terms), then the demo log-ins on request."""

    help = "Load the demo content (idempotent). --with-users also creates the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Create the demo users admin, editor and sales (development only).",
        )

    def handle(self, *args, with_users=False, **options):
        if with_users and not settings.DEBUG:
            raise CommandError("Refusing to create demo users: DJANGO_DEBUG is off (production).")
        with bulk_changes():  # one refresh and one page cache bump for all the content
            report = load_glossary()
            programme = load_courses()
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(
            f"Glossary: {report.created} created, {report.changed} changed, {report.unchanged} unchanged."
        )
        self.stdout.write(f"Program: {programme} with {programme.modules.count()} modules.")
        if with_users:
            self.write_demo_users()

    def write_demo_users(self):
        password = demo_password()
        usernames = create_demo_users(password)
        self.stdout.write(self.style.SUCCESS(f"Admin: {settings.SITE_URL}/admin/"))
        for username in usernames:
            self.stdout.write(f"  log in as {username!r} with password {password!r}")
