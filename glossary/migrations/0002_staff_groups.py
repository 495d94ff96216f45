from django.db import migrations


class Migration(migrations.Migration):
    """Kept so that databases that applied it keep a valid history: the staff groups are made
    after every migrate by base.roles."""

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("glossary", "0001_initial"),
    ]

    operations = []
