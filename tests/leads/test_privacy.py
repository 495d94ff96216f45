import pytest
from django.core.management import call_command
from django.utils import timezone

from leads.models import Lead, LeadNote

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
