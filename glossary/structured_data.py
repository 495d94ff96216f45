"""schema.org JSON-LD for the glossary: the DefinedTermSet, each DefinedTerm and breadcrumbs."""

from django.urls import reverse

from courses.structured_data import absolute

GLOSSARY_NAME = "TermiKnowledge supply chain glossary"


def defined_term_set():
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": absolute(reverse("glossary:term_list")),
        "name": GLOSSARY_NAME,
        "url": absolute(reverse("glossary:term_list")),
        "description": "Supply chain, procurement and inventory terminology in plain English.",
    }


def defined_term(term):
    data = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": term.name,
        "description": term.definition,
        "url": absolute(term.get_absolute_url()),
        "inDefinedTermSet": absolute(reverse("glossary:term_list")),
    }
    if term.abbreviation:
        data["termCode"] = term.abbreviation
    synonyms = [label.label for label in term.labels.all() if label.is_visible]
    if synonyms:
        data["alternateName"] = synonyms
    return data


def breadcrumbs(*crumbs):
    """BreadcrumbList from (name, path) pairs, home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(crumbs, start=1)
        ],
    }


def for_term(term):
    trail = breadcrumbs(
        ("Home", reverse("glossary:home")),
        ("View All", reverse("glossary:term_list")),
        (term.name, term.get_absolute_url()),
    )
    return [defined_term(term), trail]
