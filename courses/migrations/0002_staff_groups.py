from django.db import migrations


class Migration(migrations.Migration):
    """Kept so that databases that applied it keep a valid history: the staff groups are made
    after every migrate by base.roles."""

    dependencies = [
        ("courses", "0001_initial"),
        ("glossary", "0002_staff_groups"),
    ]

    operations = []
