"""The demo content: loads idempotently, and the files obey the editorial rules."""

import io
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from pypdf import PdfReader

from base.roles import sync_roles
from courses.loaders import load_courses
from courses.models import FacultyMember, Intake, Module, Video
from glossary import listing
from glossary.content_checks import check_glossary
from glossary.loaders import load_glossary, read_terms, read_topics
from glossary.models import LETTERS, Term, Topic
from glossary.quality import common_words_linked_across_topics
from tests.glossary.test_importing import GS1_FILE, run_import

MIN_PUBLISHED_TERMS = 3000
MIN_KEY_TERMS_PER_MODULE = 10


@pytest.fixture(scope="module")
def entries():
    return read_terms()


def test_the_glossary_files_obey_every_editorial_rule(entries):
    problems = check_glossary(entries, {topic["slug"] for topic in read_topics()})
    assert problems == [], "\n".join(problems[:50])


def test_there_are_at_least_three_thousand_terms(entries):
    assert len(entries) >= MIN_PUBLISHED_TERMS


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module (it takes seconds), then empty the database again."""
    with django_db_blocker.unblock():
        glossary = load_glossary()
        load_courses()
        listing.refresh()  # the worker's part: tasks queued before a test's own settings run nowhere
    yield glossary
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()  # flush gave the content types new ids
        sync_roles(django_apps)


@pytest.fixture
def loaded(demo_loaded, db):
    return demo_loaded


def test_load_demo_publishes_every_term_and_is_idempotent(loaded, entries):
    assert loaded.created == len(entries) and loaded.warnings == []
    assert Term.objects.published().count() == len(entries)
    assert Topic.objects.count() >= 8
    second = load_glossary()
    assert (second.created, second.changed, second.unchanged) == (0, 0, len(entries))
    load_courses()
    assert Module.objects.count() == 30


def test_demo_has_correct_backflush_and_backlog(loaded):
    backflush = Term.objects.get(name="Backflush")
    assert "bill of materials" in backflush.definition.lower()
    senses = [sense.definition.lower() for sense in Term.objects.get(name="Backlog").senses.all()]
    assert len(senses) == 2
    assert "not yet shipped" in senses[0] or "not yet been shipped" in senses[0]
    assert "production" in senses[1] or "work" in senses[1]


def test_every_module_has_enough_key_terms_in_the_original_order(loaded):
    modules = list(Module.objects.in_order().prefetch_related("key_terms"))
    assert [module.number for module in modules] == list(range(1, 31))
    assert modules[0].title == "Introduction to Supply Chain Management"
    assert modules[6].title == "Material Requirements Planning"
    assert modules[29].title == "Supply Chain Risk, Safety and Security"
    for module in modules:
        assert len(module.key_terms.all()) >= MIN_KEY_TERMS_PER_MODULE, module.title


def test_demo_faculty_and_videos_are_marked_samples(loaded):
    assert FacultyMember.objects.filter(is_sample=True, is_active=True).count() >= 6
    assert all(member.photo_small for member in FacultyMember.objects.all())
    assert Video.objects.published().count() >= 6


def test_demo_abbreviations_redirect_to_their_terms(loaded, client):
    for abbreviation in ["mrp", "mps", "sop", "eoq", "sku", "vmi", "3pl"]:
        response = client.get(f"/terms/{abbreviation}/")
        assert response.status_code == 301, abbreviation


def test_a_term_renamed_to_us_spelling_answers_at_its_old_address(loaded, client):
    response = client.get("/terms/purchase-order-acknowledgement/")
    assert response.status_code == 301
    assert response["Location"] == "/terms/purchase-order-acknowledgment/"


def test_view_all_offers_every_letter_that_has_terms(loaded, client):
    html = client.get("/terms/").content.decode()
    used = Term.objects.letters_in_use()
    assert len(used & set(LETTERS)) >= 20
    for letter in used:
        assert f'href="/terms/?letter={letter}"' in html or letter == "#"


def test_every_term_is_reachable_from_another_term_or_module(loaded):
    unreachable = Term.objects.filter(related__isnull=True, modules__isnull=True)
    assert list(unreachable.values_list("name", flat=True)) == []


def test_load_demo_command_reports_its_work_and_creates_the_log_ins(loaded, capsys, entries, settings):
    settings.DEBUG = True
    call_command("load_demo", "--with-users")
    output = capsys.readouterr().out
    assert f"0 created, 0 changed, {len(entries)} unchanged" in output and "30 modules" in output
    assert "log in as 'sales'" in output
    assert User.objects.get(username="sales").groups.filter(name="Sales").exists()


def test_common_words_are_linked_only_where_they_keep_their_sense(loaded):
    assert common_words_linked_across_topics() == []
    truckload = Term.objects.get(name="Full truckload")
    assert not truckload.links_to.filter(name__in=["Load", "Lane", "Carrier"]).exclude(
        topics__in=truckload.topics.all()
    )


@pytest.mark.skipif(not GS1_FILE.exists(), reason=f"GS1 test data not found at {GS1_FILE}")
def test_gs1_file_imports_into_the_demo_glossary_with_skip_invalid_and_again_with_no_changes(loaded):
    first = run_import(str(GS1_FILE), "--skip-invalid")
    counts = re.search(r"2301 rows: (\d+) terms .*, (\d+) senses .*, (\d+) in error\.", first)
    assert counts and sum(int(number) for number in counts.groups()) == 2301
    second = run_import(str(GS1_FILE), "--skip-invalid")
    assert re.search(r"\(0 new, 0 changed, \d+ unchanged\), \d+ senses \(0 new, 0 changed", second)


def test_the_demo_syllabus_lists_the_30_modules_in_order_with_each_modules_key_terms(loaded, client):
    response = client.get("/ciop/syllabus.pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    modules = list(Module.objects.in_order().prefetch_related("key_terms"))
    assert len(modules) == 30
    positions = [text.index(f"Module {module.number}: {module.title}") for module in modules]
    assert positions == sorted(positions)
    for module, start, end in zip(modules, positions, positions[1:] + [len(text)], strict=True):
        section = text[start:end]
        missing = [term.name for term in module.key_terms.all() if f"{term.name}: " not in section]
        assert missing == [], f"module {module.number}"


def test_the_demo_has_upcoming_intakes_and_sample_testimonials(loaded, client):
    html = client.get("/ciop/").content.decode()
    assert Intake.objects.upcoming().count() == Intake.objects.count() >= 3
    assert "Sample testimonials" in html
