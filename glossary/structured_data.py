"""schema.org JSON-LD for the glossary: the DefinedTermSet, each DefinedTerm and breadcrumbs."""

from base.links import absolute, layout_links

GLOSSARY_NAME = "TermiKnowledge supply chain glossary"


def glossary_address():
    """The glossary's own address: the DefinedTermSet's and the SKOS concept scheme's id."""
    return absolute(layout_links()["term_list"])


def defined_term_set():
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": glossary_address(),
        "name": GLOSSARY_NAME,
        "url": glossary_address(),
        "description": "Supply chain, procurement and inventory terminology in plain English.",
    }


def defined_term(term):
    """A term with its page parts attached (`Term.attach_page_parts()`)."""
    data = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": term.name,
        "description": term.definition,
        "url": absolute(term.get_absolute_url()),
        "inDefinedTermSet": glossary_address(),
    }
    if term.abbreviation:
        data["termCode"] = term.abbreviation
    synonyms = [label.label for label in term.page_labels]
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
    links = layout_links()
    trail = breadcrumbs(
        ("Home", links["home"]), ("View All", links["term_list"]), (term.name, term.get_absolute_url())
    )
    return [defined_term(term), trail]
