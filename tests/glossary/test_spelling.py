"""One way of writing: US spelling in the glossary content and in the site's own text."""

import re
from pathlib import Path

from django.conf import settings

from glossary.content_checks import check_spelling
from glossary.spelling import americanize, british_words

TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
READABLE_ATTRIBUTE = re.compile(r'(?:aria-label|alt|title|placeholder|content)="([^"]*)"')
HTML_TAG = re.compile(r"<[^>]*>")


def readable_text(template_source):
    """What a reader sees of a template: its text and readable attributes, without template code."""
    source = TEMPLATE_CODE.sub(" ", template_source)
    attributes = " ".join(READABLE_ATTRIBUTE.findall(source))
    return HTML_TAG.sub(" ", source) + " " + attributes


def site_templates():
    yield from Path(settings.BASE_DIR, "templates").rglob("*.html")
    for app in ["glossary", "courses", "leads"]:
        yield from Path(settings.BASE_DIR, app, "templates").rglob("*.html")


def test_british_spellings_are_found_and_given_their_us_form():
    text = "The organisation's labour centres catalogue colour; LABELLED behaviour. Modelling practise."
    assert british_words(text) == [
        "organisation", "labour", "centres", "catalogue", "colour",
        "LABELLED", "behaviour", "Modelling", "practise",
    ]  # fmt: skip
    assert americanize(text) == (
        "The organization's labor centers catalog color; LABELED behavior. Modeling practice."
    )


def test_words_that_end_in_ise_in_us_english_too_are_left_alone():
    text = "An enterprise promise: advise, revise, exercise, merchandise, expertise, compromise, premises."
    assert british_words(text) == [] and americanize(text) == text


def test_proper_names_keep_their_owners_spelling():
    text = "GS1's Global Data Synchronisation Network synchronises data."
    assert british_words(text) == ["synchronises"]
    assert americanize(text) == "GS1's Global Data Synchronisation Network synchronizes data."


def test_content_check_reports_british_spelling_but_allows_it_in_variant_labels():
    entry = {
        "name": "Work center",
        "labels": [
            {"label": "Work centre", "kind": "variant"},
            {"label": "Labour centre", "kind": "synonym"},
        ],
        "definition": "A place where labour is organised.",
        "explanation": "Plain text.",
    }
    assert check_spelling(entry) == ["Work center: British spelling: labour, organised, Labour, centre"]


def test_site_templates_use_us_spelling():
    problems = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in site_templates()
        if (found := british_words(readable_text(path.read_text(encoding="utf-8"))))
    }
    assert problems == {}
