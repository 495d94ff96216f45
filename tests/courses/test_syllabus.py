"""The syllabus PDF: every module in order with its key terms, served with validators and rebuilt
when the content changes."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from glossary.derived import bulk_changes
from tests.factories import FacultyMemberFactory, IntakeFactory, ModuleFactory, ProgrammeFactory, TermFactory

pytestmark = pytest.mark.django_db
URL = "/ciop/syllabus.pdf"


def text_of(response):
    pages = PdfReader(io.BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def programme():
    with bulk_changes():  # linked once at the end, as the demo loader does
        programme = ProgrammeFactory()
        for number in range(30, 0, -1):  # entered out of order: the PDF still follows the numbers
            module = ModuleFactory(programme=programme, number=number, title=f"Topic {number:02d} planning")
            module.key_terms.set(
                [TermFactory(name=f"Key term {number}-{letter}") for letter in "ab"]
                + [TermFactory(name=f"Draft term {number}", status="draft")]
            )
        FacultyMemberFactory(name="Asha Raman")
        IntakeFactory(programme=programme, name="Evening cohort")
    programme.refresh_from_db()
    return programme


def test_the_syllabus_lists_the_30_modules_in_order_with_their_key_terms(client, programme):
    response = client.get(URL)
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response)
    positions = [text.index(f"Module {number}: Topic {number:02d} planning") for number in range(1, 31)]
    assert positions == sorted(positions)
    for number in range(1, 31):
        for letter in "ab":
            name = f"Key term {number}-{letter}"
            assert f"{name}: The short definition of {name.lower()}." in text
        assert f"Draft term {number}" not in text  # only what the public may read
    assert "Do one thing." in text and "Asha Raman" in text
    assert "Next intakes" in text and "Evening cohort" not in text  # the table names the run by date
    assert IntakeFactory._meta.model.objects.get().starts_on.strftime("%B %Y") in text
    assert "TermiKnowledge" in text


def test_the_syllabus_answers_304_to_a_browser_that_has_it(client, programme):
    first = client.get(URL)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_the_syllabus_is_built_once_per_content_version(client, programme, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):  # from the cache, under the content version
        assert client.get(URL).status_code == 200


def test_the_syllabus_is_rebuilt_when_content_changes(client, programme):
    first = client.get(URL)
    module = programme.modules.get(number=7)
    module.title = "Renamed module"
    module.save()
    second = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    assert "Module 7: Renamed module" in text_of(second)


def test_the_syllabus_is_linked_from_the_programme_module_and_term_pages(client, programme):
    term = programme.modules.get(number=1).key_terms.get(name="Key term 1-a")
    for path in ["/ciop/", programme.modules.get(number=1).get_absolute_url(), term.get_absolute_url()]:
        assert 'href="/ciop/syllabus.pdf"' in client.get(path).content.decode(), path


def test_without_a_programme_the_syllabus_is_404(client):
    assert client.get(URL).status_code == 404


def test_the_syllabus_says_when_no_intake_is_planned(client, programme):
    IntakeFactory._meta.model.objects.update(
        starts_on=timezone.localdate() - timezone.timedelta(days=1),
        apply_by=timezone.localdate() - timezone.timedelta(days=2),
    )
    assert "New dates are announced on the program page" in text_of(client.get(URL))


def test_the_page_cache_keeps_the_syllabus_until_the_next_save(client, programme, page_cache):
    first = client.get(URL)
    assert client.get(URL)["ETag"] == first["ETag"]
    module = programme.modules.get(number=3)
    module.title = "Renamed again"
    module.save()
    assert "Module 3: Renamed again" in text_of(client.get(URL))
