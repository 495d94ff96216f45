"""Exports of every published term: CSV, JSON and SKOS (JSON-LD), parsed back."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from glossary.models import Term, TermLabel
from tests.factories import TermFactory, TermLabelFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary():
    topic = TopicFactory(name="Inventory")
    stock = TermFactory(name="Safety stock", abbreviation="SS", topics=[topic], source_id="x:ss")
    TermLabelFactory(term=stock, label="Buffer stock")
    TermLabelFactory(term=stock, label="safty stock", kind=TermLabel.Kind.HIDDEN)
    cycle = TermFactory(name="Cycle stock", related=[stock])
    TermFactory(name="Draft term", status=Term.Status.DRAFT)
    TermFactory(name="Scheduled term", published_at=timezone.now() + timezone.timedelta(days=1))
    return stock, cycle


def get(client, name):
    return client.get(reverse(f"glossary:{name}"))


def body(response):
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_csv_export_lists_published_terms_only(client, glossary):
    response = get(client, "export_csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert [row["name"] for row in rows] == ["Cycle stock", "Safety stock"]
    stock = rows[1]
    assert stock["topics"] == "Inventory" and stock["alternate_labels"] == "Buffer stock"
    assert stock["source_id"] == "x:ss" and stock["url"].endswith("/terms/safety-stock/")


def test_json_export_lists_published_terms_with_related(client, glossary):
    terms = json.loads(body(get(client, "export_json")))["terms"]
    assert [term["name"] for term in terms] == ["Cycle stock", "Safety stock"]
    assert terms[0]["related"] == ["safety-stock"]
    assert terms[1]["definition"] == "The short definition of safety stock."


def test_skos_export_is_json_ld_with_concepts(client, glossary):
    response = get(client, "export_jsonld")
    assert response["Content-Type"] == "application/ld+json"
    document = json.loads(body(response))
    assert document["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    scheme, *concepts = document["@graph"]
    assert scheme["@type"] == "skos:ConceptScheme"
    assert {concept["@type"] for concept in concepts} == {"skos:Concept"}
    stock = next(c for c in concepts if c["skos:prefLabel"]["@value"] == "Safety stock")
    assert stock["skos:inScheme"] == {"@id": scheme["@id"]}
    assert {label["@value"] for label in stock["skos:altLabel"]} == {"SS", "Buffer stock"}
    assert [label["@value"] for label in stock["skos:hiddenLabel"]] == ["safty stock"]
    assert stock["skos:definition"] == {"@value": "The short definition of safety stock.", "@language": "en"}
    assert len(concepts) == 2


@pytest.mark.parametrize("name", ["export_csv", "export_json", "export_jsonld"])
def test_exports_take_a_constant_number_of_queries(client, django_assert_num_queries, name, glossary):
    with django_assert_num_queries(5):
        body(get(client, name))
    TermFactory.create_batch(5, related=[glossary[0]], topics=[TopicFactory()])
    with django_assert_num_queries(5):
        body(get(client, name))


def test_changelist_links_to_the_exports(editor_client):
    html = editor_client.get(reverse("admin:glossary_term_changelist")).content.decode()
    for name in ("export_csv", "export_json", "export_jsonld"):
        assert reverse(f"glossary:{name}") in html


def test_skos_concept_scheme_names_its_title_publisher_and_date(client, glossary):
    graph = Graph().parse(data=body(get(client, "export_jsonld")), format="json-ld")
    (scheme,) = graph.subjects(RDF.type, SKOS.ConceptScheme)
    assert graph.value(scheme, SKOS.prefLabel) == Literal("TermiKnowledge supply chain glossary", lang="en")
    assert graph.value(scheme, DCTERMS.title) is not None
    assert graph.value(graph.value(scheme, DCTERMS.publisher), FOAF.name) == Literal("TermiKnowledge")
    assert (
        graph.value(scheme, DCTERMS.modified).toPython() == max(term.updated_at for term in glossary).date()
    )
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 2
    for concept in concepts:
        assert graph.value(concept, SKOS.inScheme) == scheme
        assert graph.value(concept, SKOS.definition) is not None
        for related in graph.objects(concept, SKOS.related):
            assert related in concepts, f"dangling link {related}"


FORMULAS = [
    '=HYPERLINK("http://x.test","Click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rReturn",
]


@pytest.fixture
def formula_terms():
    return [
        TermFactory(name=formula, slug=f"formula-{n}", definition=formula, abbreviation="=A1")
        for n, formula in enumerate(FORMULAS)
    ]


def test_csv_export_never_starts_a_cell_with_a_formula(client, formula_terms):
    rows = list(csv.DictReader(io.StringIO(body(get(client, "export_csv")))))
    assert sorted(row["name"] for row in rows) == sorted("'" + formula for formula in FORMULAS)
    for row in rows:
        assert row["definition"] == row["name"] and row["abbreviation"] == "'=A1"


def test_json_exports_keep_formula_like_text_exactly(client, formula_terms):
    terms = json.loads(body(get(client, "export_json")))["terms"]
    assert sorted(term["name"] for term in terms) == sorted(FORMULAS)
    assert sorted(term["definition"] for term in terms) == sorted(FORMULAS)
    concepts = json.loads(body(get(client, "export_jsonld")))["@graph"][1:]
    assert sorted(concept["skos:prefLabel"]["@value"] for concept in concepts) == sorted(FORMULAS)
    assert sorted(concept["skos:definition"]["@value"] for concept in concepts) == sorted(FORMULAS)
