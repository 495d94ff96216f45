import pytest
from django.core.management import CommandError, call_command

from glossary.models import Term
from glossary.synthetic import make_synthetic_terms
from tests.factories import TermFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_synthetic_terms_are_published_unique_and_searchable():
    topic = TopicFactory(name="Inventory")
    assert make_synthetic_terms(60, seed=3) == 60
    terms = list(Term.objects.published())
    assert len(terms) == 60
    assert len({term.slug for term in terms}) == 60
    assert all(term.definition and term.explanation_html for term in terms)
    assert all(list(term.topics.all()) == [topic] for term in terms)
    some = terms[17]
    assert [found.name for found in Term.objects.published().search(some.name)][0] == some.name


def test_the_same_seed_gives_the_same_terms_and_a_second_run_adds_new_ones():
    make_synthetic_terms(20, seed=5)
    first = set(Term.objects.values_list("name", flat=True))
    Term.objects.all().delete()
    make_synthetic_terms(20, seed=5)
    assert set(Term.objects.values_list("name", flat=True)) == first
    assert make_synthetic_terms(20, seed=5) == 20
    assert Term.objects.count() == 40


def test_synthetic_names_never_clash_with_existing_terms():
    make_synthetic_terms(5, seed=9)
    taken = Term.objects.order_by("pk").first().name
    Term.objects.all().delete()
    TermFactory(name=taken.upper())
    make_synthetic_terms(5, seed=9)
    assert Term.objects.filter(name__iexact=taken).count() == 1


def test_the_command_creates_terms_and_refuses_a_non_positive_count(capsys):
    call_command("make_synthetic_terms", "12", "--seed", "2")
    assert "Created 12 synthetic terms." in capsys.readouterr().out
    assert Term.objects.count() == 12
    call_command("make_synthetic_terms", "12", "--dry-run")
    assert Term.objects.count() == 12
    with pytest.raises(CommandError, match="positive number"):
        call_command("make_synthetic_terms", "0")


def test_a_glossary_already_past_the_size_asked_for_gets_no_terms():
    """make bench-search asks for "size minus the terms there are", which the demo content can exceed."""
    TermFactory(name="Backlog")
    assert make_synthetic_terms(-3) == 0
    assert Term.objects.count() == 1
