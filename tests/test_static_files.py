"""Production static files: collectstatic hashes and compresses them, pages name only hashed files,
and a term page with its CSS and JS stays light."""

import gzip
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.factories import (
    ModuleFactory,
    TermFactory,
    TermLabelFactory,
    TermSenseFactory,
    TopicFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

PAGE_WEIGHT_LIMIT = 60 * 1024  # bytes, gzip-compressed: the term page HTML with its CSS and JS
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg)$")


def production_storage(settings, static_root):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    return override_settings(STATIC_ROOT=static_root, STORAGES=storages)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    from django.conf import settings

    static_root = tmp_path_factory.mktemp("static")
    with production_storage(settings, static_root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return static_root


@pytest.fixture
def production_static(settings, collected):
    with production_storage(settings, collected):
        yield collected


@pytest.fixture
def full_term_page(client):
    """A term as full as the longest demo term: long explanation, labels, senses, 12 related
    terms, three topics, and the sidebar with 30 modules and a video."""
    paragraph = "Safety stock protects service levels against demand and supply variability. " * 12
    term = TermFactory(
        explanation="\n\n".join([paragraph] * 6),
        example="A distributor keeps two weeks of cover for its top 200 items.",
        usage_note="Not the same as cycle stock.",
        topics=[TopicFactory() for _ in range(3)],
        related=TermFactory.create_batch(12),
    )
    TermLabelFactory.create_batch(4, term=term)
    TermSenseFactory.create_batch(2, term=term)
    for number in range(1, 31):
        ModuleFactory(number=number).key_terms.add(term)
    VideoFactory()
    return client.get(term.get_absolute_url()).content


def static_files_of(html):
    return re.findall(r'(?:href|src)="/static/([^"]+)"', html.decode())


def test_pages_name_only_hashed_and_precompressed_static_files(production_static, full_term_page):
    names = static_files_of(full_term_page)
    assert any(name.endswith(".css") for name in names) and any(name.endswith(".js") for name in names)
    for name in names:
        assert HASHED_NAME.search(name), name
        assert (production_static / name).exists() and (production_static / f"{name}.gz").exists()


def test_a_term_page_with_its_css_and_js_is_under_60_kb_compressed(production_static, full_term_page):
    weight = len(gzip.compress(full_term_page, 9))
    for name in static_files_of(full_term_page):
        weight += (production_static / f"{name}.gz").stat().st_size
    assert weight < PAGE_WEIGHT_LIMIT, f"{weight} bytes"
