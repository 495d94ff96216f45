import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from base.roles import create_demo_users

pytestmark = pytest.mark.django_db


def test_migrations_create_the_staff_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Publishers", "Sales"}


def test_every_migrate_brings_the_staff_groups_back_with_their_permissions():
    Group.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert Group.objects.get(name="Publishers").permissions.get().codename == "publish_term"
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"change_term", "view_historicalterm", "change_module"} <= editors
    assert "publish_term" not in editors
    sales = Group.objects.get(name="Sales").permissions.values_list("content_type__app_label", flat=True)
    assert set(sales) == {"leads"}


def test_editors_write_glossary_but_do_not_publish_or_see_leads(editor):
    assert editor.has_perm("glossary.change_term")
    assert editor.has_perm("glossary.add_topic")
    assert not editor.has_perm("glossary.publish_term")
    assert not editor.has_module_perms("leads")


def test_sales_cannot_change_terms(sales_client, sales_user):
    assert not sales_user.has_perm("glossary.change_term")
    assert not sales_user.has_module_perms("glossary")
    assert sales_client.get(reverse("admin:glossary_term_changelist")).status_code == 403


def test_demo_users_are_refused_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG is off"):
        call_command("load_demo", "--with-users")


def test_demo_users_get_their_roles():
    create_demo_users("a demo password")

    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").has_perm("glossary.publish_term")
    assert User.objects.get(username="sales").groups.filter(name="Sales").exists()
    assert User.objects.get(username="sales").check_password("a demo password")


def test_editors_get_content_history_and_import_but_no_leads(editor, publisher):
    for permission in ("glossary.view_historicalterm", "glossary.view_historicaltopic",
                       "courses.view_historicalmodule", "courses.view_historicalfacultymember",
                       "courses.view_historicalprogramme", "courses.change_module"):  # fmt: skip
        assert editor.has_perm(permission), permission
    assert not [p for p in editor.get_all_permissions() if p.startswith("leads.")]
    assert publisher.has_perm("glossary.publish_term")


def test_sales_have_no_content_permission_at_all(sales_user):
    assert sales_user.get_all_permissions()
    assert {p.split(".")[0] for p in sales_user.get_all_permissions()} == {"leads"}


@pytest.mark.parametrize(
    "url_name",
    ["admin:glossary_term_import", "admin:glossary_term_quality", "admin:courses_module_changelist"],
)
def test_sales_cannot_reach_editorial_pages(sales_client, url_name):
    assert sales_client.get(reverse(url_name)).status_code == 403


def test_editors_work_readers_suggestions_and_sales_never_see_them(editor, sales_user):
    for permission in ("view", "change"):
        assert editor.has_perm(f"glossary.{permission}_suggestion")
        assert not sales_user.has_perm(f"glossary.{permission}_suggestion")


def test_editors_cannot_reach_leads(editor_client):
    assert editor_client.get(reverse("admin:leads_lead_changelist")).status_code == 403
