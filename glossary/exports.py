"""Every published term as CSV, JSON and SKOS (JSON-LD), in a constant number of queries."""

import csv

from django.db.models import Prefetch

from base.links import absolute

from .models import Term, TermLabel
from .spreadsheets import csv_cell
from .structured_data import glossary_address

CSV_COLUMNS = [
    "source_id", "name", "slug", "abbreviation", "definition", "explanation", "example",
    "usage_note", "status", "topics", "alternate_labels", "published_at", "url",
]  # fmt: skip
SKOS_CONTEXT = {
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
PUBLISHER = "TermiKnowledge"
SCHEME_TITLE = "TermiKnowledge supply chain glossary"
SCHEME_DESCRIPTION = (
    "Supply chain, procurement and inventory terms with short definitions, explanations and related "
    "terms, written by the TermiKnowledge editors."
)


def published_terms():
    """Published terms A-Z with topics, labels, senses and published related terms (5 queries)."""
    return (
        Term.objects.published()
        .alphabetical()
        .prefetch_related(
            "topics",
            "senses",
            Prefetch("labels", TermLabel.objects.order_by("label")),
            Prefetch("related", Term.objects.published().alphabetical(), to_attr="published_related"),
        )
    )


def term_url(term):
    return absolute(term.get_absolute_url())


def term_record(term):
    """One term as a plain dict: the JSON export and the CSV rows are built from it."""
    return {
        "source_id": term.source_id,
        "name": term.name,
        "slug": term.slug,
        "abbreviation": term.abbreviation,
        "definition": term.definition,
        "senses": [sense.definition for sense in term.senses.all()],
        "explanation": term.explanation,
        "example": term.example,
        "usage_note": term.usage_note,
        "status": term.status,
        "topics": [topic.name for topic in term.topics.all()],
        "alternate_labels": [label.label for label in term.labels.all() if label.is_visible],
        "related": [related.slug for related in term.published_related],
        "published_at": term.published_at.isoformat(),
        "url": term_url(term),
    }


class Echo:
    def write(self, value):
        return value


def csv_lines(terms):
    """CSV text line by line (for a streaming response); lists are joined with commas and no
    cell can start a formula in a spreadsheet."""
    writer = csv.writer(Echo())
    yield writer.writerow(CSV_COLUMNS)
    for term in terms:
        record = term_record(term)
        yield writer.writerow(
            [csv_cell(", ".join(v) if isinstance(v, list) else v) for v in map(record.get, CSV_COLUMNS)]
        )


def skos_concept(term):
    concept = {
        "@id": term_url(term),
        "@type": "skos:Concept",
        "skos:prefLabel": english(term.name),
        "skos:altLabel": [english(label.label) for label in term.labels.all() if label.is_visible],
        "skos:hiddenLabel": [english(label.label) for label in term.labels.all() if not label.is_visible],
        "skos:definition": english(term.definition),
        "skos:inScheme": {"@id": glossary_address()},
        "skos:related": [{"@id": term_url(related)} for related in term.published_related],
        "dct:subject": [topic.name for topic in term.topics.all()],
    }
    if term.abbreviation:
        concept["skos:altLabel"].insert(0, english(term.abbreviation))
    if term.source_id:
        concept["skos:notation"] = term.source_id
    return concept


def english(text):
    return {"@value": text, "@language": "en"}


def concept_scheme(terms):
    """The scheme's own description: a catalog needs its title, publisher and date to cite it."""
    scheme = {
        "@id": glossary_address(),
        "@type": "skos:ConceptScheme",
        "skos:prefLabel": english(SCHEME_TITLE),
        "dct:title": english(SCHEME_TITLE),
        "dct:description": english(SCHEME_DESCRIPTION),
        "dct:publisher": {
            "@type": "foaf:Organization",
            "foaf:name": PUBLISHER,
            "foaf:homepage": absolute("/"),
        },
        "dct:language": "en",
    }
    if terms:
        scheme["dct:modified"] = {
            "@value": max(term.updated_at for term in terms).date().isoformat(),
            "@type": "xsd:date",
        }
    return scheme


def skos_document(terms):
    terms = list(terms)
    return {"@context": SKOS_CONTEXT, "@graph": [concept_scheme(terms), *map(skos_concept, terms)]}
