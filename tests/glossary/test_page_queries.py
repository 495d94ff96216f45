"""The term page's plain SQL (glossary/page_queries.py) means what the ORM would say."""

import pytest
from django.utils import timezone

from glossary import page_queries
from glossary.models import Term, TermLabel, TermSource
from tests.factories import TermFactory, TermLabelFactory, TermSenseFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_glossary():
    later = timezone.now() + timezone.timedelta(days=3)
    inventory, planning = (
        TopicFactory(name="Inventory", display_order=2),
        TopicFactory(name="Planning", display_order=1),
    )
    stock = TermFactory(name="Safety stock", topics=[inventory, planning])
    TermLabelFactory(term=stock, label="Buffer stock")
    TermLabelFactory(term=stock, label="safty stock", kind=TermLabel.Kind.HIDDEN)
    TermLabelFactory(term=stock, label="SS", kind=TermLabel.Kind.ABBREVIATION)
    TermSenseFactory(term=stock, number=2, definition="Second sense.")
    TermSenseFactory(term=stock, number=1, definition="First sense.")
    TermSource.objects.create(term=stock, title="ISO 9000:2015")
    TermSource.objects.create(term=stock, title="EN 13306:2017")
    others = [
        TermFactory(name="zeta point", related=[stock]),
        TermFactory(name="Alpha level", related=[stock]),
        TermFactory(name="Draft neighbor", status=Term.Status.DRAFT, related=[stock]),
        TermFactory(name="Scheduled neighbor", published_at=later, related=[stock]),
        TermFactory(name="Old name", status=Term.Status.DEPRECATED, related=[stock]),
        TermFactory(name="Linker", explanation="It uses safety stock."),
        TermFactory(name="Both ways", related=[stock], explanation="Safety stock again."),
    ]
    TermFactory(name="Hidden draft", status=Term.Status.DRAFT)
    TermFactory(name="Not yet", published_at=later)
    return [stock, *others]


def orm_parts(term):
    related = Term.objects.published().filter(related=term).alphabetical()
    linking = Term.objects.published().filter(links_to=term).exclude(pk__in=related.values("pk"))
    return {
        "labels": [label for label in term.labels.order_by("kind", "label") if label.is_visible],
        "senses": list(term.senses.order_by("number")),
        "sources": list(term.sources.order_by("title")),
        "topics": list(term.topics.order_by("display_order", "name")),
        "related": list(related),
        "used_in": list(linking.alphabetical()),
    }


def test_the_page_sql_agrees_with_the_orm_for_every_term(varied_glossary):
    for term in Term.objects.all():
        found = page_queries.public_term(term.slug)
        assert (found is not None) == Term.objects.published().filter(pk=term.pk).exists(), term.name
        term.attach_page_parts()
        sql = {
            "labels": term.page_labels,
            "senses": term.page_senses,
            "sources": term.page_sources,
            "topics": term.page_topics,
            "related": term.published_related,
            "used_in": term.used_in,
        }
        assert sql == orm_parts(term), term.name
    stock = Term.objects.get(name="Safety stock")
    stock.attach_page_parts()
    assert [t.name for t in stock.published_related] == ["Alpha level", "Both ways", "Old name", "zeta point"]
    assert [t.name for t in stock.used_in] == ["Linker"]
