"""Staff roles: which group may do what, and the demo log-ins for development.

The groups are created by data migrations that call `sync_roles`; an app that adds models adds
a migration calling it again, so its new permissions reach the right group.
"""

import os

ALL = "__all__"

# group name -> {app label: codenames, or ALL}; EXCLUDED removes codenames from an ALL grant.
ROLES = {
    "Editors": {"glossary": ALL, "courses": ALL},
    "Publishers": {"glossary": ["publish_term"]},
    "Sales": {"leads": ALL},
}
EXCLUDED = {"Editors": {"publish_term"}}

DEMO_USERS = [
    # username, groups, superuser
    ("admin", [], True),
    ("editor", ["Editors", "Publishers"], False),
    ("sales", ["Sales"], False),
]


DEFAULT_DEMO_PASSWORD = "termiknowledge-demo"


def demo_password():
    return os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


def create_all_permissions(apps):
    """Permissions normally appear after `migrate`; groups need them during it."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def sync_roles(apps, schema_editor=None):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.none()
        for app_label, codenames in grants.items():
            granted = Permission.objects.filter(content_type__app_label=app_label)
            if codenames != ALL:
                granted = granted.filter(codename__in=codenames)
            permissions |= granted
        excluded = EXCLUDED.get(group_name, set())
        group.permissions.set(permissions.exclude(codename__in=excluded))


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
