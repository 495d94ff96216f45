"""One way of writing: US spelling in the glossary content and in the site's own text."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from glossary.content_checks import check_spelling
from glossary.spelling import americanize, british_words

TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
READABLE_ATTRIBUTE = re.compile(r'(?:aria-label|alt|title|placeholder|content)="([^"]*)"')
HTML_TAG = re.compile(r"<[^>]*>")
OUR_APPS = ["termiknowledge", "leads", "courses", "glossary", "pagecache", "base"]


def readable_text(template_source):
    """What a reader sees of a template: its text and readable attributes, without template code."""
    source = TEMPLATE_CODE.sub(" ", template_source)
    attributes = " ".join(READABLE_ATTRIBUTE.findall(source))
    return HTML_TAG.sub(" ", source) + " " + attributes


def site_templates():
    for folder in [Path(settings.BASE_DIR, "templates")] + [
        Path(settings.BASE_DIR, app, "templates") for app in OUR_APPS
    ]:
        yield from (path for path in folder.rglob("*") if path.suffix in {".html", ".txt"})


def model_texts(model):
    """What the admin and forms show of a model: its names, field labels, help, choices and the
    messages of its constraints."""
    meta = model._meta
    yield str(meta.verbose_name)
    yield str(meta.verbose_name_plural)
    for field in meta.get_fields(include_hidden=False):
        if hasattr(field, "verbose_name"):
            yield str(field.verbose_name)
            yield str(field.help_text)
            yield from (str(label) for _, label in field.flatchoices or [])
    yield from (str(constraint.violation_error_message) for constraint in meta.constraints)


def python_messages(path):
    """The string literals of a module that read as text (they hold a space), docstrings aside:
    error messages, admin labels, email subjects, PDF lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and " " in node.value.strip()
    ]


def our_python_modules():
    for app in OUR_APPS:
        yield from (
            path for path in Path(settings.BASE_DIR, app).rglob("*.py") if "migrations" not in path.parts
        )


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


def test_site_models_use_us_spelling():
    problems = {
        model._meta.label: found
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if (found := british_words(" | ".join(model_texts(model))))
    }
    app_names = {app: british_words(str(apps.get_app_config(app).verbose_name)) for app in OUR_APPS}
    assert problems == {} and not any(app_names.values())


def test_site_messages_in_python_use_us_spelling():
    problems = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in our_python_modules()
        if (found := british_words(" | ".join(python_messages(path))))
    }
    assert problems == {}


def test_a_field_named_in_british_spelling_needs_a_us_label():
    unlabeled, labeled = models.CharField(), models.CharField("program code")
    for field in (unlabeled, labeled):
        field.set_attributes_from_name("programme_code")
    assert british_words(unlabeled.verbose_name) == ["programme"]
    assert british_words(labeled.verbose_name) == []
    assert "program" in model_texts(apps.get_model("courses", "Programme"))
