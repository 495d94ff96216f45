import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from leads.models import Lead, LeadNote, WebhookDelivery
from tests.leads.conftest import change_form

pytestmark = pytest.mark.django_db


def age(lead, days):
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timezone.timedelta(days=days))


def test_purge_dry_run_counts_and_keeps(submit, capsys):
    submit()
    age(Lead.objects.get(), 800)
    call_command("purge_leads", "--older-than", "730", "--dry-run")
    assert "Would delete 1 request(s)" in capsys.readouterr().out
    assert Lead.objects.count() == 1


def test_purge_deletes_old_leads_their_notes_and_history(submit, sales_user):
    submit(email="old@example.com")
    submit(email="new@example.com")
    old = Lead.objects.get(email="old@example.com")
    LeadNote.objects.create(lead=old, author=sales_user, text="Called, no answer.")
    age(old, 800)
    call_command("purge_leads", "--older-than", "730")
    assert list(Lead.objects.values_list("email", flat=True)) == ["new@example.com"]
    assert not Lead.history.filter(email="old@example.com").exists()
    assert not LeadNote.history.exists()
    assert Lead.history.filter(email="new@example.com").exists()


def test_erase_removes_one_persons_leads_and_history(submit, sales_user, capsys):
    submit()
    submit(email="someone.else@example.com")
    lead = Lead.objects.get(email="ada@analytical.example")
    lead.email = "ada.corrected@analytical.example"
    lead.save()  # a history row keeps the old address
    lead.email = "ada@analytical.example"
    lead.save()
    LeadNote.objects.create(lead=lead, author=sales_user, text="Wants classroom.")
    call_command("erase_lead", "ADA@analytical.example")
    assert "Erased 1 request(s)" in capsys.readouterr().out
    assert list(Lead.objects.values_list("email", flat=True)) == ["someone.else@example.com"]
    assert not Lead.history.filter(id=lead.pk).exists()
    assert not Lead.history.filter(email__icontains="ada").exists()
    assert not LeadNote.history.exists()


PERSON = {"name": "Zebedee Quintrell", "email": "zebedee.q@erasure.example", "company": "Fennimore Freight"}


def tables_mentioning(text):
    """Every table with a row that holds `text` in any column, whatever the column's type."""
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name for column in connection.introspection.get_table_description(cursor, table)
            ]
            where = " OR ".join(f"LOWER(CAST({quote(column)} AS TEXT)) LIKE %s" for column in columns)
            cursor.execute(
                f"SELECT COUNT(*) FROM {quote(table)} WHERE {where}", [f"%{text.lower()}%"] * len(columns)
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def delete_in_admin(sales_client, lead):
    """Only an administrator deletes; sales erase (below) or mark spam."""
    admin_client = Client()
    admin_client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw-for-tests"))
    return admin_client.post(f"/admin/leads/lead/{lead.pk}/delete/", {"post": "yes"})


def bulk_delete_in_admin(sales_client, lead):
    admin_client = Client()
    admin_client.force_login(User.objects.create_superuser("boss", "boss@example.com", "pw-for-tests"))
    data = {"action": "delete_selected", "_selected_action": [lead.pk], "post": "yes"}
    return admin_client.post("/admin/leads/lead/", data)


def erase_action_in_admin(sales_client, lead):
    data = {"action": "erase", "_selected_action": [lead.pk], "post": "yes"}
    assert sales_client.post("/admin/leads/lead/", data).status_code == 302


def erase_by_command(sales_client, lead):
    call_command("erase_lead", lead.email)


def purge_by_command(sales_client, lead):
    age(lead, 800)
    call_command("purge_leads", "--older-than", "730")


@pytest.mark.parametrize(
    "remove",
    [delete_in_admin, bulk_delete_in_admin, erase_action_in_admin, erase_by_command, purge_by_command],
)
def test_every_way_a_lead_leaves_removes_its_data_from_every_table(submit, sales_client, remove, settings):
    settings.LEADS_WEBHOOK_URL, settings.LEADS_WEBHOOK_SECRET = "http://127.0.0.1:9/", "s"  # nobody listens
    submit(**PERSON)
    submit(email="someone.else@example.com")
    lead = Lead.objects.get(email=PERSON["email"])
    note = f"Called {PERSON['name']}: 8 seats."
    changed = sales_client.post(
        f"/admin/leads/lead/{lead.pk}/change/", change_form(lead, **{"notes-0-text": note})
    )
    assert changed.status_code == 302
    assert LogEntry.objects.filter(object_repr__contains=PERSON["name"]).exists()
    assert LeadNote.history.filter(text=note).exists()
    assert WebhookDelivery.objects.filter(lead=lead).count() == 2  # created, then qualified

    remove(sales_client, lead)

    for text in PERSON.values():
        assert tables_mentioning(text) == [], text
    assert LogEntry.objects.filter(object_id=str(lead.pk), object_repr=lead.quote_number).exists()
    assert Lead.history.filter(email="someone.else@example.com").exists()


def test_erasing_an_address_erases_it_from_readers_suggestions_too(submit, capsys):
    from glossary.models import Suggestion
    from tests.factories import SuggestionFactory

    submit(**PERSON)
    kept = SuggestionFactory(email="someone.else@example.com")
    SuggestionFactory(
        email=PERSON["email"].upper(), kind=Suggestion.Kind.NEW_TERM, term=None, term_name="Kit"
    )
    SuggestionFactory(email=PERSON["email"], status=Suggestion.Status.DECLINED)

    call_command("erase_lead", PERSON["email"], "--dry-run")
    assert "Would erase the address on 2 reader suggestion(s)." in capsys.readouterr().out
    assert Suggestion.objects.filter(email__iexact=PERSON["email"]).count() == 2

    call_command("erase_lead", PERSON["email"])
    assert "Erased the address on 2 reader suggestion(s)." in capsys.readouterr().out
    assert tables_mentioning(PERSON["email"]) == []
    assert Suggestion.objects.count() == 3  # the suggestions themselves stay for the editors
    kept.refresh_from_db()
    assert kept.email == "someone.else@example.com"
