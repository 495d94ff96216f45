"""What courses adds to the glossary's quality dashboard."""

import pytest
from django.urls import reverse

from glossary.quality import orphans, quality_report
from tests.factories import ModuleFactory, ProgrammeFactory, TermFactory, VideoFactory

pytestmark = pytest.mark.django_db


def test_a_term_a_module_or_a_video_teaches_is_no_orphan():
    taught, explained, alone = TermFactory(name="Taught"), TermFactory(name="Explained"), TermFactory()
    ModuleFactory(programme=ProgrammeFactory(), number=1).key_terms.add(taught)
    VideoFactory().related_terms.add(explained)
    assert list(orphans()) == [alone]


def test_the_orphans_check_names_modules_and_videos():
    check = next(check for check in quality_report() if check.title == "Orphans")
    assert check.explanation == (
        "Nothing links to these terms: no related term, replaced term, CIOP module or video."
    )


def test_the_dashboard_leaves_out_a_term_a_module_teaches(editor_client):
    taught = TermFactory(name="Taught")
    ModuleFactory(programme=ProgrammeFactory(), number=1).key_terms.add(taught)
    html = editor_client.get(reverse("admin:glossary_term_quality")).content.decode()
    start = html.index("Orphans")
    orphans_section = html[start : html.index("</section>", start)]
    assert reverse("admin:glossary_term_change", args=[taught.pk]) not in orphans_section
