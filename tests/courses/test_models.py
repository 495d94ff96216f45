import pytest

from courses.models import Programme
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_there_is_no_current_programme_before_one_is_entered():
    assert Programme.objects.current() is None


def test_the_first_programme_entered_is_the_current_one():
    first = ProgrammeFactory(code="SCM", name="Supply Chain Manager")
    ProgrammeFactory(code="CIOP")
    assert Programme.objects.current() == first


def test_every_page_and_the_quote_form_show_the_same_programme(client):
    ProgrammeFactory(code="SCM", name="Supply Chain Manager")
    ProgrammeFactory(code="CIOP", name="Certified Inventory Optimization Professional")
    for path in ["/ciop/", "/ciop/quote/", "/"]:
        html = client.get(path).content.decode()
        assert "Supply Chain Manager" in html, path
