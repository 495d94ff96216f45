from django.db import migrations


class Migration(migrations.Migration):
    """Kept so that databases that applied it keep a valid history: the staff groups are made
    after every migrate by base.roles."""

    dependencies = [
        ("leads", "0001_lead_and_notes"),
        ("courses", "0002_staff_groups"),
    ]

    operations = []
