from django.db import migrations

from termiknowledge.roles import sync_roles


class Migration(migrations.Migration):
    """Give the Sales group the permissions of the lead models, their history included."""

    dependencies = [
        ("leads", "0001_lead_and_notes"),
        ("courses", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
