"""Deploy checks (`manage.py check --deploy`): production must not keep the demo log-ins."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connection

from .roles import DEFAULT_DEMO_PASSWORD, DEMO_USERS, demo_password


def demo_users_with_demo_password():
    """Usernames of demo log-ins that still open with a demo password."""
    from django.contrib.auth.models import User

    passwords = {DEFAULT_DEMO_PASSWORD, demo_password()}
    usernames = [username for username, _, _ in DEMO_USERS]
    users = User.objects.filter(username__in=usernames, is_active=True).only("username", "password")
    return [user.username for user in users if any(check_password(pw, user.password) for pw in passwords)]


@register(Tags.security, deploy=True)
def check_demo_users(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    try:
        if "auth_user" not in connection.introspection.table_names():
            return []  # not migrated yet: there is no user at all
        found = demo_users_with_demo_password()
    except DatabaseError:
        return []  # the database is not reachable from here; `migrate` will say so
    return [
        Error(
            f"The demo user {username!r} exists with the demo password in production.",
            hint=f"Delete it (manage.py shell) or give it a strong password: "
            f"manage.py changepassword {username}.",
            id="termiknowledge.E001",
        )
        for username in found
    ]
