"""The page a visitor asked for a quote from, as a link back to it."""

from dataclasses import dataclass

from django.urls import Resolver404, resolve

from glossary.models import Term


@dataclass(frozen=True)
class SourceLink:
    url: str
    label: str


def source_link(path):
    """A link back to the recorded source page (a term by its name), or None when there is none."""
    if not path:
        return None
    try:
        match = resolve(path.split("?")[0])
    except Resolver404:
        return None
    if match.view_name == "glossary:term_detail":
        term = Term.objects.published().filter(slug=match.kwargs["slug"]).first()
        return SourceLink(path, term.name) if term else None
    return SourceLink(path, "the page you came from")
