from django.db import migrations

from termiknowledge.roles import sync_roles


class Migration(migrations.Migration):
    """Give the Editors group the permissions of the new CIOP models."""

    dependencies = [
        ("courses", "0001_initial"),
        ("glossary", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
