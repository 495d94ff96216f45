"""Background tasks on the database backend, run by the real worker (`manage.py db_worker`)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from glossary.models import Term
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def html_of(term):
    return Term.objects.get(pk=term.pk).explanation_html


def test_a_scheduled_term_is_cross_linked_when_it_goes_live_without_a_save(database_tasks):
    soon = timezone.now() + datetime.timedelta(hours=2)
    kanban = TermFactory(name="Kanban", published_at=soon)
    mentioning = TermFactory(name="Pull system", explanation="A kanban loop.")
    assert "term-link" not in html_of(mentioning)
    run_worker()  # not yet: the task waits for the publish time
    assert "term-link" not in html_of(mentioning)

    # Two hours later (the clock moved on): the publish time has passed.
    past = timezone.now() - datetime.timedelta(seconds=1)
    Term.objects.filter(pk=kanban.pk).update(published_at=past)
    DBTaskResult.objects.update(run_after=past)
    run_worker()
    assert 'href="/terms/kanban/"' in html_of(mentioning)
    assert list(Term.objects.get(pk=kanban.pk).linked_from.all()) == [mentioning]


def test_a_term_moved_to_a_later_time_is_not_linked_at_the_first_time(database_tasks):
    kanban = TermFactory(name="Kanban", published_at=timezone.now() + datetime.timedelta(hours=1))
    mentioning = TermFactory(name="Pull system", explanation="A kanban loop.")
    kanban.published_at = timezone.now() + datetime.timedelta(days=3)
    kanban.save()
    DBTaskResult.objects.update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    run_worker()
    assert "term-link" not in html_of(mentioning)


def test_publishing_a_term_mentioned_in_many_texts_leaves_them_to_the_worker(database_tasks, monkeypatch):
    monkeypatch.setattr("glossary.derived.MAX_MENTIONS_IN_REQUEST", 2)
    kanban = TermFactory(name="Kanban", status=Term.Status.DRAFT, published_at=None)
    mentioning = [TermFactory(name=f"Pull system {n}", explanation="A kanban loop.") for n in range(3)]
    kanban.status, kanban.published_at = Term.Status.PUBLISHED, timezone.now()
    kanban.save()
    assert Term.objects.published().filter(pk=kanban.pk).exists()
    assert not any("term-link" in html_of(term) for term in mentioning)  # queued, not done in the save
    run_worker()
    assert all('href="/terms/kanban/"' in html_of(term) for term in mentioning)
    assert set(Term.objects.get(pk=kanban.pk).linked_from.all()) == set(mentioning)
