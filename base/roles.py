"""Staff roles: which group may do what, and the demo log-ins for development.

The groups are brought up to date after every `migrate` (and `flush`), the way Django creates
permissions: a receiver of `post_migrate`, run once Django has created the permissions of the app
that was migrated. A new model's permissions therefore reach the right group without a migration.
"""

import os

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

ALL = "__all__"

# group name -> {app label: codenames, or ALL}; EXCLUDED removes codenames from an ALL grant.
ROLES = {
    "Editors": {"glossary": ALL, "courses": ALL},
    "Publishers": {"glossary": ["publish_term"]},
    "Sales": {"leads": ALL},
}
EXCLUDED = {
    "Editors": {"publish_term"},
    # Sales mark a request spam or erase it on request (an action that removes its history too).
    "Sales": {"delete_lead", "delete_historicallead", "delete_webhookdelivery"},
}

DEMO_USERS = [
    # username, groups, superuser
    ("admin", [], True),
    ("editor", ["Editors", "Publishers"], False),
    ("sales", ["Sales"], False),
]


DEFAULT_DEMO_PASSWORD = "termiknowledge-demo"


def demo_password():
    return os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def sync_roles(apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the groups and give each exactly the permissions ROLES grants it."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=group_name)
        permissions = Permission.objects.using(using).none()
        for app_label, codenames in grants.items():
            granted = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if codenames != ALL:
                granted = granted.filter(codename__in=codenames)
            permissions |= granted
        excluded = EXCLUDED.get(group_name, set())
        group.permissions.set(permissions.exclude(codename__in=excluded))


def sync_roles_after_migrate(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate is sent once per app; the roles change only when an app they grant on is done."""
    if sender.label not in {app_label for grants in ROLES.values() for app_label in grants}:
        return
    try:
        apps.get_model("auth", "Permission")
    except LookupError:
        return  # auth is not migrated in this database
    sync_roles(apps, using)


def create_demo_users(password):
    """Create or refresh the demo log-ins; returns their usernames."""
    from django.contrib.auth.models import Group, User

    for username, group_names, is_superuser in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.email = f"{username}@example.com"
        user.is_staff = True
        user.is_superuser = is_superuser
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=group_names))
    return [username for username, _, _ in DEMO_USERS]
